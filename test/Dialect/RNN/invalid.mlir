// One case for every verifier error of the rnn dialect: attributes, model
// structure, recurrence, math, losses and the library layers.
// RUN: rnnc-opt %s -split-input-file -verify-diagnostics

rnn.model @m {
  // expected-error @+1 {{initialiser 'normal' takes 2 argument(s), found 1}}
  rnn.param @w : tensor<2xf32> init #rnn.init<normal(0.1)>
}

// -----

rnn.model @m {
  // expected-error @+1 {{normal initialiser needs a positive standard deviation, found 0}}
  rnn.param @w : tensor<2xf32> init #rnn.init<normal(0.0, 0.0)>
}

// -----

rnn.model @m {
  // expected-error @+1 {{uniform initialiser needs low < high, found low 1.000000e+00 and high -1.000000e+00}}
  rnn.param @w : tensor<2xf32> init #rnn.init<uniform(1.0, -1.0)>
}

// -----

rnn.model @m {
  // expected-error @+1 {{unknown initialiser 'gaussian'; expected zeros, ones, constant, normal, uniform, xavier_uniform or xavier_normal}}
  rnn.param @w : tensor<2xf32> init #rnn.init<gaussian>
}

// -----

rnn.model @m {
  // expected-error @+1 {{'arith.constant' op is not allowed in the body of an 'rnn.model', which holds only 'rnn.param' and 'func.func' ops}}
  %c = arith.constant 1 : i32
}

// -----

rnn.model @m {
  // expected-error @+1 {{dim_names has 1 entries but the parameter has rank 2}}
  rnn.param @w : tensor<?x4xf32> init #rnn.init<zeros> {dim_names = ["V"]}
}

// -----

rnn.model @m {
  // expected-error @+1 {{dynamic dimension #0 must be named in dim_names}}
  rnn.param @w : tensor<?x4xf32> init #rnn.init<zeros>
}

// -----

rnn.model @m {
  // expected-error @+1 {{static dimension #1 (4) must have an empty name, found "H"}}
  rnn.param @w : tensor<?x4xf32> init #rnn.init<zeros> {dim_names = ["V", "H"]}
}

// -----

rnn.model @m {
  // expected-error @+1 {{initialiser 'xavier_uniform' needs a 2-d parameter, found rank 1}}
  rnn.param @w : tensor<4xf32> init #rnn.init<xavier_uniform>
}

// -----

// expected-error @+1 {{'rnn.param' op expects parent op 'rnn.model'}}
rnn.param @w : tensor<4xf32> init #rnn.init<zeros>

// -----

func.func @f() {
  // expected-error @+1 {{must be nested in an 'rnn.model'}}
  %w = rnn.param_read @w : tensor<4xf32>
  return
}

// -----

rnn.model @m {
  func.func @f() {
    // expected-error @+1 {{'@missing' does not name a parameter of model @m}}
    %w = rnn.param_read @missing : tensor<4xf32>
    return
  }
}

// -----

rnn.model @m {
  func.func @f() {
    // expected-error @+1 {{'@f' names a 'func.func', not an 'rnn.param'}}
    %w = rnn.param_read @f : tensor<4xf32>
    return
  }
}

// -----

rnn.model @m {
  // expected-note @+1 {{parameter declared here}}
  rnn.param @w : tensor<4x4xf32> init #rnn.init<zeros>
  func.func @f() {
    // expected-error @+1 {{result type 'tensor<3x4xf32>' does not match the type 'tensor<4x4xf32>' of parameter @w}}
    %w = rnn.param_read @w : tensor<3x4xf32>
    return
  }
}

// -----

func.func @f(%x: tensor<5x2xf32>) {
  // expected-error @+1 {{direction must be forward or reverse, found bidirectional}}
  %r = rnn.scan bidirectional seqs(%x : tensor<5x2xf32>) inits() -> (tensor<5x2xf32>) {
  ^bb0(%xt: tensor<2xf32>):
    rnn.yield %xt : tensor<2xf32>
  }
  return
}

// -----

func.func @f(%h: tensor<2xf32>) {
  // expected-error @+1 {{expected at least one sequence to iterate over}}
  %r = rnn.scan forward seqs() inits(%h : tensor<2xf32>) -> (tensor<2xf32>) {
  ^bb0(%s: tensor<2xf32>):
    rnn.yield %s : tensor<2xf32>
  }
  return
}

// -----

func.func @f(%x: tensor<f32>) {
  // expected-error @+1 {{sequence #0 needs a leading time dimension, found a rank-0 tensor}}
  %r = rnn.scan forward seqs(%x : tensor<f32>) inits() -> (tensor<1xf32>) {
  ^bb0(%xt: tensor<f32>):
    rnn.yield %xt : tensor<f32>
  }
  return
}

// -----

func.func @f(%x: tensor<35x2xf32>, %y: tensor<20x2xf32>) {
  // expected-error @+1 {{sequence #1 has 20 time steps, expected 35 like the other sequences}}
  %r = rnn.scan forward seqs(%x, %y : tensor<35x2xf32>, tensor<20x2xf32>) inits() -> (tensor<35x2xf32>) {
  ^bb0(%xt: tensor<2xf32>, %yt: tensor<2xf32>):
    rnn.yield %xt : tensor<2xf32>
  }
  return
}

// -----

func.func @f(%x: tensor<5x2xf32>, %h: tensor<2xf32>, %c: tensor<2xf32>) {
  // expected-error @+1 {{expected at least 2 results (one final state per init), found 1}}
  %r = rnn.scan forward seqs(%x : tensor<5x2xf32>) inits(%h, %c : tensor<2xf32>, tensor<2xf32>) -> (tensor<2xf32>) {
  ^bb0(%xt: tensor<2xf32>, %s: tensor<2xf32>, %t: tensor<2xf32>):
    rnn.yield %s, %t : tensor<2xf32>, tensor<2xf32>
  }
  return
}

// -----

func.func @f(%x: tensor<5x2xf32>, %h: tensor<2xf32>) {
  // expected-error @+1 {{final state #0 has type 'tensor<3xf32>', expected the init type 'tensor<2xf32>'}}
  %r = rnn.scan forward seqs(%x : tensor<5x2xf32>) inits(%h : tensor<2xf32>) -> (tensor<3xf32>) {
  ^bb0(%xt: tensor<2xf32>, %s: tensor<2xf32>):
    rnn.yield %s : tensor<2xf32>
  }
  return
}

// -----

func.func @f(%x: tensor<5x2xf32>, %h: tensor<2xf32>) {
  // expected-error @+1 {{expected the body to take 2 arguments (1 step slices, then 1 carried states), found 1}}
  %r = rnn.scan forward seqs(%x : tensor<5x2xf32>) inits(%h : tensor<2xf32>) -> (tensor<2xf32>) {
  ^bb0(%xt: tensor<2xf32>):
    rnn.yield %xt : tensor<2xf32>
  }
  return
}

// -----

func.func @f(%x: tensor<5x2xf32>, %h: tensor<2xf32>) {
  // expected-error @+1 {{body argument #0 (step slice of sequence #0) has type 'tensor<5x2xf32>', expected 'tensor<2xf32>'}}
  %r = rnn.scan forward seqs(%x : tensor<5x2xf32>) inits(%h : tensor<2xf32>) -> (tensor<2xf32>) {
  ^bb0(%xt: tensor<5x2xf32>, %s: tensor<2xf32>):
    rnn.yield %s : tensor<2xf32>
  }
  return
}

// -----

func.func @f(%x: tensor<5x2xf32>, %h: tensor<2xf32>) {
  // expected-error @+1 {{body argument #1 (carried state #0) has type 'tensor<3xf32>', expected the init type 'tensor<2xf32>'}}
  %r = rnn.scan forward seqs(%x : tensor<5x2xf32>) inits(%h : tensor<2xf32>) -> (tensor<2xf32>) {
  ^bb0(%xt: tensor<2xf32>, %s: tensor<3xf32>):
    rnn.yield %xt : tensor<2xf32>
  }
  return
}

// -----

func.func @f(%x: tensor<5x2xf32>, %h: tensor<2xf32>) {
  %r = rnn.scan forward seqs(%x : tensor<5x2xf32>) inits(%h : tensor<2xf32>) -> (tensor<2xf32>) {
  ^bb0(%xt: tensor<2xf32>, %s: tensor<2xf32>):
    // expected-error @+1 {{yields 2 values, expected 1 (1 next states, 0 per-step outputs)}}
    rnn.yield %s, %s : tensor<2xf32>, tensor<2xf32>
  }
  return
}

// -----

func.func @f(%x: tensor<5x3xf32>, %h: tensor<2xf32>) {
  %r = rnn.scan forward seqs(%x : tensor<5x3xf32>) inits(%h : tensor<2xf32>) -> (tensor<2xf32>) {
  ^bb0(%xt: tensor<3xf32>, %s: tensor<2xf32>):
    // expected-error @+1 {{next state #0 has type 'tensor<3xf32>', expected 'tensor<2xf32>'}}
    rnn.yield %xt : tensor<3xf32>
  }
  return
}

// -----

func.func @f(%x: tensor<5x2xf32>, %i: index) {
  %r = rnn.scan forward seqs(%x : tensor<5x2xf32>) inits() -> (tensor<5xf32>) {
  ^bb0(%xt: tensor<2xf32>):
    // expected-error @+1 {{per-step output #0 must be a ranked tensor, found 'index'}}
    rnn.yield %i : index
  }
  return
}

// -----

func.func @f(%x: tensor<5x2xf32>) {
  // expected-error @+1 {{result #0 has type 'tensor<4x2xf32>', expected per-step output #0 stacked along time: shape [5, 2] of 'f32'}}
  %r = rnn.scan forward seqs(%x : tensor<5x2xf32>) inits() -> (tensor<4x2xf32>) {
  ^bb0(%xt: tensor<2xf32>):
    rnn.yield %xt : tensor<2xf32>
  }
  return
}

// -----

func.func @f(%a: tensor<4xf32>, %b: tensor<4xf64>) {
  // expected-error @+1 {{expected rhs to have element type 'f32', found 'f64'}}
  %r = rnn.add %a, %b : tensor<4xf32>, tensor<4xf64> -> tensor<4xf32>
  return
}

// -----

func.func @f(%a: tensor<4x3xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{operand shapes [4, 3] and [4] do not broadcast}}
  %r = rnn.mul %a, %b : tensor<4x3xf32>, tensor<4xf32> -> tensor<4x3xf32>
  return
}

// -----

func.func @f(%a: tensor<4x1xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{expected result (the broadcast shape) of shape [4, 3], found [4, 1]}}
  %r = rnn.sub %a, %b : tensor<4x1xf32>, tensor<3xf32> -> tensor<4x1xf32>
  return
}

// -----

func.func @f() {
  // expected-error @+1 {{expected 1 dynamic size operand(s) for 'tensor<?x256xf32>', found 0}}
  %r = rnn.fill 0.0 : tensor<?x256xf32>
  return
}

// -----

func.func @f(%a: tensor<5x4xf32>, %b: tensor<5x3xf32>) {
  // expected-error @+1 {{transpose_lhs and transpose_rhs cannot be combined}}
  %r = rnn.matmul %a, %b {transpose_lhs, transpose_rhs} : tensor<5x4xf32>, tensor<5x3xf32> -> tensor<4x3xf32>
  return
}

// -----

func.func @f(%a: tensor<5x4xf32>, %b: tensor<2x5x3xf32>) {
  // expected-error @+1 {{with transpose_lhs, expected lhs and rhs of equal rank >= 2, found [5, 4] and [2, 5, 3]}}
  %r = rnn.matmul %a, %b {transpose_lhs} : tensor<5x4xf32>, tensor<2x5x3xf32> -> tensor<4x3xf32>
  return
}

// -----

func.func @f(%a: tensor<5x4xf32>, %b: tensor<6x3xf32>) {
  // expected-error @+1 {{with transpose_lhs, the leading dimensions [5] and [6] of lhs and rhs must match}}
  %r = rnn.matmul %a, %b {transpose_lhs} : tensor<5x4xf32>, tensor<6x3xf32> -> tensor<4x3xf32>
  return
}

// -----

func.func @f(%a: tensor<f32>, %b: tensor<6x3xf32>) {
  // expected-error @+1 {{expected lhs of rank >= 1, found a rank-0 tensor}}
  %r = rnn.matmul %a, %b : tensor<f32>, tensor<6x3xf32> -> tensor<3xf32>
  return
}

// -----

func.func @f(%a: tensor<2x6xf32>, %b: tensor<2x6x3xf32>) {
  // expected-error @+1 {{expected a 2-d rhs, found rank 3}}
  %r = rnn.matmul %a, %b : tensor<2x6xf32>, tensor<2x6x3xf32> -> tensor<2x3xf32>
  return
}

// -----

func.func @f(%a: tensor<32x128xf32>, %b: tensor<64x256xf32>) {
  // expected-error @+1 {{contraction dimensions differ: lhs has 128 columns, rhs has 64 rows}}
  %r = rnn.matmul %a, %b : tensor<32x128xf32>, tensor<64x256xf32> -> tensor<32x256xf32>
  return
}

// -----

func.func @f(%a: tensor<32x128xf32>, %b: tensor<256x64xf32>) {
  // expected-error @+1 {{contraction dimensions differ: lhs has 128 columns, rhs has 64 columns}}
  %r = rnn.matmul %a, %b {transpose_rhs} : tensor<32x128xf32>, tensor<256x64xf32> -> tensor<32x256xf32>
  return
}

// -----

func.func @f(%a: tensor<32x128xf32>, %b: tensor<128x64xf32>) {
  // expected-error @+1 {{expected result of shape [32, 64], found [32, 128]}}
  %r = rnn.matmul %a, %b : tensor<32x128xf32>, tensor<128x64xf32> -> tensor<32x128xf32>
  return
}

// -----

func.func @f() {
  // expected-error @+1 {{expected at least one input}}
  %r = rnn.concat along 0 : () -> tensor<2xf32>
  return
}

// -----

func.func @f(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{axis 2 is out of range for a tensor of rank 2}}
  %r = rnn.concat %a, %a along 2 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @f(%a: tensor<2x3xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{input #1 has rank 1, expected rank 2 like input #0}}
  %r = rnn.concat %a, %b along 1 : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @f(%a: tensor<2x3xf32>, %b: tensor<4x3xf32>) {
  // expected-error @+1 {{input #1 has shape [4, 3], which differs from [2, 3] outside the concat axis 1}}
  %r = rnn.concat %a, %b along 1 : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @f(%a: tensor<2x3xf32>, %b: tensor<2x3xf16>) {
  // expected-error @+1 {{expected every input to have element type 'f32', found 'f16'}}
  %r = rnn.concat %a, %b along 1 : (tensor<2x3xf32>, tensor<2x3xf16>) -> tensor<2x6xf32>
  return
}

// -----

func.func @f(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{expected result of shape [2, 6], found [2, 5]}}
  %r = rnn.concat %a, %a along 1 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @f(%a: tensor<2x6xf32>) {
  // expected-error @+1 {{has 2 sizes but 1 results}}
  %r = rnn.split %a along 1 sizes [3, 3] : tensor<2x6xf32> -> tensor<2x3xf32>
  return
}

// -----

func.func @f(%a: tensor<2x6xf32>) {
  // expected-error @+1 {{axis 3 is out of range for a tensor of rank 2}}
  %r:2 = rnn.split %a along 3 sizes [3, 3] : tensor<2x6xf32> -> tensor<2x3xf32>, tensor<2x3xf32>
  return
}

// -----

func.func @f(%a: tensor<2x6xf32>) {
  // expected-error @+1 {{split sizes must be positive, found 0}}
  %r:2 = rnn.split %a along 1 sizes [6, 0] : tensor<2x6xf32> -> tensor<2x6xf32>, tensor<2x0xf32>
  return
}

// -----

func.func @f(%a: tensor<2x6xf32>) {
  // expected-error @+1 {{split sizes add up to 7 but dimension 1 of the input is 6}}
  %r:2 = rnn.split %a along 1 sizes [3, 4] : tensor<2x6xf32> -> tensor<2x3xf32>, tensor<2x4xf32>
  return
}

// -----

func.func @f(%a: tensor<2x6xf32>) {
  // expected-error @+1 {{expected result #1 of shape [2, 4], found [2, 3]}}
  %r:2 = rnn.split %a along 1 sizes [2, 4] : tensor<2x6xf32> -> tensor<2x2xf32>, tensor<2x3xf32>
  return
}

// -----

func.func @f(%a: tensor<2x6xf32>) {
  // expected-error @+1 {{axis 2 is out of range for a tensor of rank 2}}
  %r = rnn.reverse %a along 2 : tensor<2x6xf32>
  return
}

// -----

func.func @f(%a: tensor<2x6x3xf32>) {
  // expected-error @+1 {{expected a matrix, found rank 3}}
  %t = rnn.transpose %a : tensor<2x6x3xf32> -> tensor<3x6x2xf32>
  return
}

// -----

func.func @f(%a: tensor<2x6xf32>) {
  // expected-error @+1 {{expected result of shape [6, 2], found [2, 6]}}
  %t = rnn.transpose %a : tensor<2x6xf32> -> tensor<2x6xf32>
  return
}

// -----

func.func @f(%a: tensor<2x6xf32>) {
  // expected-error @+1 {{reduced dimension 2 is out of range for a tensor of rank 2}}
  %r = rnn.reduce sum %a dims [2] : tensor<2x6xf32> -> tensor<2xf32>
  return
}

// -----

func.func @f(%a: tensor<2x6x4xf32>) {
  // expected-error @+1 {{reduced dimensions must be sorted and distinct, found [1, 0]}}
  %r = rnn.reduce sum %a dims [1, 0] : tensor<2x6x4xf32> -> tensor<4xf32>
  return
}

// -----

func.func @f(%a: tensor<2x6x4xf32>) {
  // expected-error @+1 {{expected result of shape [2, 1, 4], found [2, 4]}}
  %r = rnn.reduce mean %a dims [1] {keep_dims} : tensor<2x6x4xf32> -> tensor<2x4xf32>
  return
}

// -----

func.func @f(%ids: tensor<35x32xi32>) {
  // expected-error @+1 {{expected a result of rank 3 (the indices' rank plus the depth), found rank 2}}
  %r = rnn.one_hot %ids : tensor<35x32xi32> -> tensor<35x28xf32>
  return
}

// -----

func.func @f(%ids: tensor<35x32xi32>) {
  // expected-error @+1 {{result shape [35, 16, 28] does not extend the indices' shape [35, 32]}}
  %r = rnn.one_hot %ids : tensor<35x32xi32> -> tensor<35x16x28xf32>
  return
}

// -----

func.func @f(%ids: tensor<35x32xi32>) {
  // expected-error @+1 {{a dynamic depth needs a 'depth' operand}}
  %r = rnn.one_hot %ids : tensor<35x32xi32> -> tensor<35x32x?xf32>
  return
}

// -----

func.func @f(%ids: tensor<35x32xi32>, %v: index) {
  // expected-error @+1 {{has a 'depth' operand but the result depth is static (28)}}
  %r = rnn.one_hot %ids depth %v : tensor<35x32xi32> -> tensor<35x32x28xf32>
  return
}

// -----

func.func @f(%ids: tensor<10xi32>, %t: tensor<5x4x3xf32>) {
  // expected-error @+1 {{expected a 2-d table [vocab, dim], found rank 3}}
  %r = rnn.embedding %ids, %t : tensor<10xi32>, tensor<5x4x3xf32> -> tensor<10x3xf32>
  return
}

// -----

func.func @f(%ids: tensor<10xi32>, %t: tensor<5x32xf32>) {
  // expected-error @+1 {{expected result of shape [10, 32], found [10, 5]}}
  %r = rnn.embedding %ids, %t : tensor<10xi32>, tensor<5x32xf32> -> tensor<10x5xf32>
  return
}

// -----

func.func @f(%x: tensor<f32>, %w: tensor<3x4xf32>) {
  // expected-error @+1 {{expected an input of rank >= 1}}
  %r = rnn.linear %x, %w : (tensor<f32>, tensor<3x4xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @f(%x: tensor<2x4xf32>, %w: tensor<4xf32>) {
  // expected-error @+1 {{expected a 2-d weight [out, in], found rank 1}}
  %r = rnn.linear %x, %w : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @f(%x: tensor<2x256xf32>, %w: tensor<28x128xf32>) {
  // expected-error @+1 {{input has 256 features but the weight [out, in] has 128 columns}}
  %r = rnn.linear %x, %w : (tensor<2x256xf32>, tensor<28x128xf32>) -> tensor<2x28xf32>
  return
}

// -----

func.func @f(%x: tensor<2x4xf32>, %w: tensor<3x4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{expected bias of shape [3], found [4]}}
  %r = rnn.linear %x, %w, %b : (tensor<2x4xf32>, tensor<3x4xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @f(%x: tensor<2x4xf32>, %w: tensor<3x4xf32>) {
  // expected-error @+1 {{expected result of shape [2, 3], found [2, 4]}}
  %r = rnn.linear %x, %w : (tensor<2x4xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @f(%x: tensor<2x8xf32>, %g: tensor<4xf32>) {
  // expected-error @+1 {{expected gamma of shape [8], found [4]}}
  %r = rnn.layer_norm %x, %g, %g eps 1.0e-5 : (tensor<2x8xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @f(%x: tensor<2x8xf32>, %g: tensor<8xf32>) {
  // expected-error @+1 {{epsilon must be positive, found 0}}
  %r = rnn.layer_norm %x, %g, %g eps 0.0 : (tensor<2x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @f(%x: tensor<2x8xf32>, %g: tensor<8xf32>) {
  // expected-error @+1 {{result type 'tensor<8x2xf32>' differs from the input type 'tensor<2x8xf32>'}}
  %r = rnn.layer_norm %x, %g, %g eps 1.0e-5 : (tensor<2x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<8x2xf32>
  return
}

// -----

func.func @f(%x: tensor<2x8xf32>) {
  // expected-error @+1 {{dropout rate must be in [0, 1), found 1.5}}
  %r = rnn.dropout %x rate 1.5 seed 0 : tensor<2x8xf32>
  return
}

// -----

func.func @f(%x: tensor<2x8xf32>) {
  // expected-error @+1 {{batch_dim 2 is out of range for 'tensor<2x8xf32>'}}
  %r = rnn.dropout %x rate 0.5 seed 0 {batch_dim = 2 : i64} : tensor<2x8xf32>
  return
}

// -----

func.func @f(%x: tensor<2x8xf32>) {
  // expected-error @+1 {{axis 2 is out of range for a tensor of rank 2}}
  %r = rnn.softmax %x along 2 : tensor<2x8xf32>
  return
}

// -----

func.func @f(%x: tensor<f32>, %y: tensor<i32>) {
  // expected-error @+1 {{expected logits of rank >= 1 [..., classes]}}
  %r = rnn.cross_entropy mean %x, %y : (tensor<f32>, tensor<i32>) -> tensor<f32>
  return
}

// -----

func.func @f(%x: tensor<35x32x28xf32>, %y: tensor<32x35xi32>) {
  // expected-error @+1 {{targets of shape [32, 35] do not match logits of shape [35, 32, 28] without the class dimension}}
  %r = rnn.cross_entropy mean %x, %y : (tensor<35x32x28xf32>, tensor<32x35xi32>) -> tensor<f32>
  return
}

// -----

func.func @f(%x: tensor<32x28xf32>, %y: tensor<32xi32>, %len: tensor<32xi32>) {
  // expected-error @+1 {{valid_lengths needs time-major logits [T, B, C], found rank 2}}
  %r = rnn.cross_entropy mean %x, %y valid_lengths %len : (tensor<32x28xf32>, tensor<32xi32>, tensor<32xi32>) -> tensor<f32>
  return
}

// -----

func.func @f(%x: tensor<10x64x9xf32>, %y: tensor<10x64xi32>, %len: tensor<10xi32>) {
  // expected-error @+1 {{expected valid_lengths of shape [64], found [10]}}
  %r = rnn.cross_entropy mean %x, %y valid_lengths %len : (tensor<10x64x9xf32>, tensor<10x64xi32>, tensor<10xi32>) -> tensor<f32>
  return
}

// -----

func.func @f(%x: tensor<10x9xf32>, %y: tensor<10xi32>) {
  // expected-error @+1 {{expected the loss to have element type 'f32', found 'f64'}}
  %r = rnn.cross_entropy mean %x, %y : (tensor<10x9xf32>, tensor<10xi32>) -> tensor<f64>
  return
}

// -----

func.func @f(%x: tensor<10x9xf32>, %y: tensor<10xi32>) {
  // expected-error @+1 {{result #0 must be 0D tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<1xf32>'}}
  %r = rnn.cross_entropy mean %x, %y : (tensor<10x9xf32>, tensor<10xi32>) -> tensor<1xf32>
  return
}

// -----

func.func @f(%p: tensor<16x1xf32>, %t: tensor<16xf32>) {
  // expected-error @+1 {{prediction of shape [16, 1] and target of shape [16] differ}}
  %r = rnn.mse %p, %t : (tensor<16x1xf32>, tensor<16xf32>) -> tensor<f32>
  return
}

// -----

func.func @f(%p: tensor<16xf32>, %t: tensor<16xf64>) {
  // expected-error @+1 {{expected target to have element type 'f32', found 'f64'}}
  %r = rnn.mse %p, %t : (tensor<16xf32>, tensor<16xf64>) -> tensor<f32>
  return
}

// -----

func.func @f(%x: tensor<5x2x3xf32>, %h: tensor<1x2x4xf32>, %wi: tensor<4x3xf32>, %wh: tensor<4x4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{dropout rate must be in [0, 1), found 1}}
  %y, %hn = rnn.vanilla forward %x, %h weights(%wi, %wh, %b, %b) {dropout = 1.0 : f64, hidden_size = 4 : i64, num_layers = 1 : i64} : (tensor<5x2x3xf32>, tensor<1x2x4xf32>, tensor<4x3xf32>, tensor<4x4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<5x2x4xf32>, tensor<1x2x4xf32>)
  return
}

// -----

func.func @f(%x: tensor<5x2x3xf32>, %h: tensor<1x2x4xf32>, %wi: tensor<4x3xf32>, %wh: tensor<4x4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{attribute 'hidden_size' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %y, %hn = rnn.vanilla forward %x, %h weights(%wi, %wh, %b, %b) {hidden_size = 0 : i64, num_layers = 1 : i64} : (tensor<5x2x3xf32>, tensor<1x2x4xf32>, tensor<4x3xf32>, tensor<4x4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<5x2x4xf32>, tensor<1x2x4xf32>)
  return
}

// -----

func.func @f(%x: tensor<2x3xf32>, %h: tensor<1x2x4xf32>, %wi: tensor<4x3xf32>, %wh: tensor<4x4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{expected a time-major input [T, B, I], found rank 2}}
  %y, %hn = rnn.vanilla forward %x, %h weights(%wi, %wh, %b, %b) {hidden_size = 4 : i64, num_layers = 1 : i64} : (tensor<2x3xf32>, tensor<1x2x4xf32>, tensor<4x3xf32>, tensor<4x4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<5x2x4xf32>, tensor<1x2x4xf32>)
  return
}

// -----

func.func @f(%x: tensor<5x2x3xf32>, %h: tensor<1x2x4xf32>, %wi: tensor<4x3xf32>, %wh: tensor<4x4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{expected initial hidden state h0 of shape [2, 2, 4], found [1, 2, 4]}}
  %y, %hn = rnn.vanilla bidirectional %x, %h weights(%wi, %wh, %b, %b, %wi, %wh, %b, %b) {hidden_size = 4 : i64, num_layers = 1 : i64} : (tensor<5x2x3xf32>, tensor<1x2x4xf32>, tensor<4x3xf32>, tensor<4x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4x3xf32>, tensor<4x4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<5x2x8xf32>, tensor<1x2x4xf32>)
  return
}

// -----

func.func @f(%x: tensor<5x2x3xf32>, %h: tensor<1x2x4xf32>, %c: tensor<1x3x4xf32>, %wi: tensor<16x3xf32>, %wh: tensor<16x4xf32>, %b: tensor<16xf32>) {
  // expected-error @+1 {{expected initial cell state c0 of shape [1, 2, 4], found [1, 3, 4]}}
  %y, %hn, %cn = rnn.lstm forward %x, %h, %c weights(%wi, %wh, %b, %b) {hidden_size = 4 : i64, num_layers = 1 : i64} : (tensor<5x2x3xf32>, tensor<1x2x4xf32>, tensor<1x3x4xf32>, tensor<16x3xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<16xf32>) -> (tensor<5x2x4xf32>, tensor<1x2x4xf32>, tensor<1x3x4xf32>)
  return
}

// -----

func.func @f(%x: tensor<5x2x3xf32>, %h: tensor<2x2x4xf32>, %wi: tensor<12x3xf32>, %wh: tensor<12x4xf32>, %b: tensor<12xf32>) {
  // expected-error @+1 {{expected 8 weights (weight_ih, weight_hh, bias_ih, bias_hh for each of 2 layer(s) x 1 direction(s)), found 4}}
  %y, %hn = rnn.gru forward %x, %h weights(%wi, %wh, %b, %b) {hidden_size = 4 : i64, num_layers = 2 : i64} : (tensor<5x2x3xf32>, tensor<2x2x4xf32>, tensor<12x3xf32>, tensor<12x4xf32>, tensor<12xf32>, tensor<12xf32>) -> (tensor<5x2x4xf32>, tensor<2x2x4xf32>)
  return
}

// -----

func.func @f(%x: tensor<5x2x3xf32>, %h: tensor<1x2x128xf32>, %c: tensor<1x2x128xf32>, %wi: tensor<512x3xf32>, %wh: tensor<256x128xf32>, %b: tensor<512xf32>) {
  // expected-error @+1 {{expected weight_hh_l0 to have 4 gate(s) x hidden size 128 = 512 rows, found 256}}
  %y, %hn, %cn = rnn.lstm forward %x, %h, %c weights(%wi, %wh, %b, %b) {hidden_size = 128 : i64, num_layers = 1 : i64} : (tensor<5x2x3xf32>, tensor<1x2x128xf32>, tensor<1x2x128xf32>, tensor<512x3xf32>, tensor<256x128xf32>, tensor<512xf32>, tensor<512xf32>) -> (tensor<5x2x128xf32>, tensor<1x2x128xf32>, tensor<1x2x128xf32>)
  return
}

// -----

// Layer 1 of a bidirectional stack reads 2H = 8 features, not I = 3.
func.func @f(%x: tensor<5x2x3xf32>, %h: tensor<4x2x4xf32>, %w0: tensor<12x3xf32>, %w1: tensor<12x8xf32>, %wh: tensor<12x4xf32>, %b: tensor<12xf32>) {
  // expected-error @+1 {{expected weight_ih_l1_reverse of shape [12, 8], found [12, 3]}}
  %y, %hn = rnn.gru bidirectional %x, %h weights(%w0, %wh, %b, %b, %w0, %wh, %b, %b, %w1, %wh, %b, %b, %w0, %wh, %b, %b) {hidden_size = 4 : i64, num_layers = 2 : i64} : (tensor<5x2x3xf32>, tensor<4x2x4xf32>, tensor<12x3xf32>, tensor<12x4xf32>, tensor<12xf32>, tensor<12xf32>, tensor<12x3xf32>, tensor<12x4xf32>, tensor<12xf32>, tensor<12xf32>, tensor<12x8xf32>, tensor<12x4xf32>, tensor<12xf32>, tensor<12xf32>, tensor<12x3xf32>, tensor<12x4xf32>, tensor<12xf32>, tensor<12xf32>) -> (tensor<5x2x8xf32>, tensor<4x2x4xf32>)
  return
}

// -----

func.func @f(%x: tensor<5x2x3xf32>, %h: tensor<1x2x4xf32>, %wi: tensor<4x3xf64>, %wh: tensor<4x4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{expected weight_ih_l0 to have element type 'f32', found 'f64'}}
  %y, %hn = rnn.vanilla forward %x, %h weights(%wi, %wh, %b, %b) {hidden_size = 4 : i64, num_layers = 1 : i64} : (tensor<5x2x3xf32>, tensor<1x2x4xf32>, tensor<4x3xf64>, tensor<4x4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<5x2x4xf32>, tensor<1x2x4xf32>)
  return
}

// -----

func.func @f(%x: tensor<5x2x3xf32>, %h: tensor<1x2x4xf32>, %wi: tensor<4x3xf32>, %wh: tensor<4x4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{expected output of shape [5, 2, 4], found [5, 2, 8]}}
  %y, %hn = rnn.vanilla forward %x, %h weights(%wi, %wh, %b, %b) {hidden_size = 4 : i64, num_layers = 1 : i64} : (tensor<5x2x3xf32>, tensor<1x2x4xf32>, tensor<4x3xf32>, tensor<4x4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<5x2x8xf32>, tensor<1x2x4xf32>)
  return
}

// -----

func.func @f(%x: tensor<5x2x3xf32>, %h: tensor<1x2x4xf32>, %wi: tensor<4x3xf32>, %wh: tensor<4x4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{expected final hidden state h_n to have the type 'tensor<1x2x4xf32>' of initial hidden state h0, found 'tensor<2x4xf32>'}}
  %y, %hn = rnn.vanilla forward %x, %h weights(%wi, %wh, %b, %b) {hidden_size = 4 : i64, num_layers = 1 : i64} : (tensor<5x2x3xf32>, tensor<1x2x4xf32>, tensor<4x3xf32>, tensor<4x4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<5x2x4xf32>, tensor<2x4xf32>)
  return
}

// -----

func.func @f(%x: tensor<5x2x3xf32>, %h: tensor<1x2x4xf32>, %wi: tensor<12x3xf32>, %wh: tensor<12x4xf32>, %b: tensor<12xf32>, %y: tensor<5x2x4xf32>, %dy: tensor<5x2x3xf32>) {
  // expected-error @+1 {{expected d_output to have the type 'tensor<5x2x4xf32>' of output, found 'tensor<5x2x3xf32>'}}
  %dx, %dh0, %dw:4 = rnn.gru_grad forward %x, %h weights(%wi, %wh, %b, %b) outputs(%y, %h) grads(%dy, %h) {hidden_size = 4 : i64, num_layers = 1 : i64} : (tensor<5x2x3xf32>, tensor<1x2x4xf32>, tensor<12x3xf32>, tensor<12x4xf32>, tensor<12xf32>, tensor<12xf32>, tensor<5x2x4xf32>, tensor<1x2x4xf32>, tensor<5x2x3xf32>, tensor<1x2x4xf32>) -> (tensor<5x2x3xf32>, tensor<1x2x4xf32>, tensor<12x3xf32>, tensor<12x4xf32>, tensor<12xf32>, tensor<12xf32>)
  return
}

// -----

func.func @f(%x: tensor<5x2x3xf32>, %h: tensor<1x2x4xf32>, %wi: tensor<12x3xf32>, %wh: tensor<12x4xf32>, %b: tensor<12xf32>, %y: tensor<5x2x4xf32>) {
  // expected-error @+1 {{expected d_input to have the type 'tensor<5x2x3xf32>' of input, found 'tensor<5x2x4xf32>'}}
  %dx, %dh0, %dw:4 = rnn.gru_grad forward %x, %h weights(%wi, %wh, %b, %b) outputs(%y, %h) grads(%y, %h) {hidden_size = 4 : i64, num_layers = 1 : i64} : (tensor<5x2x3xf32>, tensor<1x2x4xf32>, tensor<12x3xf32>, tensor<12x4xf32>, tensor<12xf32>, tensor<12xf32>, tensor<5x2x4xf32>, tensor<1x2x4xf32>, tensor<5x2x4xf32>, tensor<1x2x4xf32>) -> (tensor<5x2x4xf32>, tensor<1x2x4xf32>, tensor<12x3xf32>, tensor<12x4xf32>, tensor<12xf32>, tensor<12xf32>)
  return
}

// -----

func.func @f(%x: tensor<5x2x3xf32>, %h: tensor<1x2x4xf32>, %c: tensor<1x2x4xf32>, %wi: tensor<16x3xf32>, %wh: tensor<16x4xf32>, %b: tensor<16xf32>, %y: tensor<5x2x4xf32>, %dc: tensor<2x4xf32>) {
  // expected-error @+1 {{expected the adjoint of the final cell state c_n to have the type 'tensor<1x2x4xf32>' of final cell state c_n, found 'tensor<2x4xf32>'}}
  %dx, %dh0, %dc0, %dw:4 = rnn.lstm_grad forward %x, %h, %c weights(%wi, %wh, %b, %b) outputs(%y, %h, %c) grads(%y, %h, %dc) {hidden_size = 4 : i64, num_layers = 1 : i64} : (tensor<5x2x3xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>, tensor<16x3xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<16xf32>, tensor<5x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>, tensor<5x2x4xf32>, tensor<1x2x4xf32>, tensor<2x4xf32>) -> (tensor<5x2x3xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>, tensor<16x3xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<16xf32>)
  return
}

// -----

func.func @f(%x: tensor<5x2x3xf32>, %h: tensor<1x2x4xf32>, %wi: tensor<4x3xf32>, %wh: tensor<4x4xf32>, %b: tensor<4xf32>, %y: tensor<5x2x4xf32>) {
  // expected-error @+1 {{expected the adjoint of the initial hidden state h0 to have the type 'tensor<1x2x4xf32>' of initial hidden state h0, found 'tensor<2x4xf32>'}}
  %dx, %dh0, %dw:4 = rnn.vanilla_grad forward %x, %h weights(%wi, %wh, %b, %b) outputs(%y, %h) grads(%y, %h) {hidden_size = 4 : i64, num_layers = 1 : i64} : (tensor<5x2x3xf32>, tensor<1x2x4xf32>, tensor<4x3xf32>, tensor<4x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<5x2x4xf32>, tensor<1x2x4xf32>, tensor<5x2x4xf32>, tensor<1x2x4xf32>) -> (tensor<5x2x3xf32>, tensor<2x4xf32>, tensor<4x3xf32>, tensor<4x4xf32>, tensor<4xf32>, tensor<4xf32>)
  return
}

// -----

func.func @f(%x: tensor<5x2x3xf32>, %h: tensor<1x2x4xf32>, %wi: tensor<4x3xf32>, %wh: tensor<4x4xf32>, %b: tensor<4xf32>, %y: tensor<5x2x4xf32>) {
  // expected-error @+1 {{expected 4 weight adjoints (one per weight), found 3}}
  %dx, %dh0, %dw:3 = rnn.vanilla_grad forward %x, %h weights(%wi, %wh, %b, %b) outputs(%y, %h) grads(%y, %h) {hidden_size = 4 : i64, num_layers = 1 : i64} : (tensor<5x2x3xf32>, tensor<1x2x4xf32>, tensor<4x3xf32>, tensor<4x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<5x2x4xf32>, tensor<1x2x4xf32>, tensor<5x2x4xf32>, tensor<1x2x4xf32>) -> (tensor<5x2x3xf32>, tensor<1x2x4xf32>, tensor<4x3xf32>, tensor<4x4xf32>, tensor<4xf32>)
  return
}

// -----

func.func @f(%x: tensor<5x2x3xf32>, %h: tensor<1x2x4xf32>, %wi: tensor<4x3xf32>, %wh: tensor<4x4xf32>, %b: tensor<4xf32>, %y: tensor<5x2x4xf32>) {
  // expected-error @+1 {{expected weight adjoint #1 to have the type 'tensor<4x4xf32>' of weight #1, found 'tensor<4x3xf32>'}}
  %dx, %dh0, %dw:4 = rnn.vanilla_grad forward %x, %h weights(%wi, %wh, %b, %b) outputs(%y, %h) grads(%y, %h) {hidden_size = 4 : i64, num_layers = 1 : i64} : (tensor<5x2x3xf32>, tensor<1x2x4xf32>, tensor<4x3xf32>, tensor<4x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<5x2x4xf32>, tensor<1x2x4xf32>, tensor<5x2x4xf32>, tensor<1x2x4xf32>) -> (tensor<5x2x3xf32>, tensor<1x2x4xf32>, tensor<4x3xf32>, tensor<4x3xf32>, tensor<4xf32>, tensor<4xf32>)
  return
}

// -----

func.func @f(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{cannot broadcast rank 2 down to rank 1}}
  %r = rnn.broadcast %x : tensor<2x3xf32> -> tensor<3xf32>
  return
}

// -----

func.func @f(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{cannot broadcast [2, 3] to [5, 4, 3]: dimension 0 is 2, expected 1 or 4}}
  %r = rnn.broadcast %x : tensor<2x3xf32> -> tensor<5x4x3xf32>
  return
}

// -----

func.func @f(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{expected 1 dynamic size operand(s) for 'tensor<?x2x3xf32>', found 0}}
  %r = rnn.broadcast %x : tensor<2x3xf32> -> tensor<?x2x3xf32>
  return
}

// -----

func.func @f(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{expected result to have element type 'f32', found 'f64'}}
  %r = rnn.broadcast %x : tensor<2x3xf32> -> tensor<4x2x3xf64>
  return
}

// -----

func.func @f(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{axis 2 is out of range for a tensor of rank 2}}
  %r = rnn.select %x along 2 at 0 : tensor<2x3xf32> -> tensor<2xf32>
  return
}

// -----

func.func @f(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{index 2 is out of range for dimension 0 of size 2}}
  %r = rnn.select %x along 0 at 2 : tensor<2x3xf32> -> tensor<3xf32>
  return
}

// -----

func.func @f(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{expected result of shape [3], found [2]}}
  %r = rnn.select %x along 0 at 1 : tensor<2x3xf32> -> tensor<2xf32>
  return
}

// -----

func.func @f(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{dimension 2 is out of range for a tensor of rank 2}}
  %n = rnn.numel %x dims [2] : tensor<2x3xf32> -> tensor<f32>
  return
}

// -----

func.func @f(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{dimensions must be sorted and distinct, found [1, 0]}}
  %n = rnn.numel %x dims [1, 0] : tensor<2x3xf32> -> tensor<f32>
  return
}

// -----

func.func @f(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{expected result to have element type 'f32', found 'f64'}}
  %n = rnn.numel %x dims [0] : tensor<2x3xf32> -> tensor<f64>
  return
}

// -----

func.func @f(%x: tensor<4x9xf32>, %y: tensor<5xi32>, %d: tensor<f32>) {
  // expected-error @+1 {{targets of shape [5] do not match logits of shape [4, 9] without the class dimension}}
  %g = rnn.cross_entropy_grad mean %x, %y, %d : (tensor<4x9xf32>, tensor<5xi32>, tensor<f32>) -> tensor<4x9xf32>
  return
}

// -----

func.func @f(%x: tensor<4x9xf32>, %y: tensor<4xi32>, %d: tensor<f32>, %len: tensor<4xi32>) {
  // expected-error @+1 {{valid_lengths needs time-major logits [T, B, C] and lengths [B]}}
  %g = rnn.cross_entropy_grad mean %x, %y, %d valid_lengths %len : (tensor<4x9xf32>, tensor<4xi32>, tensor<f32>, tensor<4xi32>) -> tensor<4x9xf32>
  return
}

// -----

func.func @f(%x: tensor<4x9xf32>, %y: tensor<4xi32>, %d: tensor<f32>) {
  // expected-error @+1 {{d_logits type 'tensor<4x8xf32>' differs from the logits type 'tensor<4x9xf32>'}}
  %g = rnn.cross_entropy_grad mean %x, %y, %d : (tensor<4x9xf32>, tensor<4xi32>, tensor<f32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @f(%x: tensor<4x9xf32>, %y: tensor<4xi32>, %d: tensor<f64>) {
  // expected-error @+1 {{expected d_loss to have element type 'f32', found 'f64'}}
  %g = rnn.cross_entropy_grad mean %x, %y, %d : (tensor<4x9xf32>, tensor<4xi32>, tensor<f64>) -> tensor<4x9xf32>
  return
}

// -----

func.func @f(%x: tensor<f32>, %g: tensor<1xf32>) {
  // expected-error @+1 {{expected an input of rank >= 1}}
  %r:3 = rnn.layer_norm_grad %x, %g, %x eps 1.0e-5 : (tensor<f32>, tensor<1xf32>, tensor<f32>) -> (tensor<f32>, tensor<1xf32>, tensor<1xf32>)
  return
}

// -----

func.func @f(%x: tensor<2x8xf32>, %g: tensor<4xf32>) {
  // expected-error @+1 {{expected gamma of shape [8], found [4]}}
  %r:3 = rnn.layer_norm_grad %x, %g, %x eps 1.0e-5 : (tensor<2x8xf32>, tensor<4xf32>, tensor<2x8xf32>) -> (tensor<2x8xf32>, tensor<4xf32>, tensor<4xf32>)
  return
}

// -----

func.func @f(%x: tensor<2x8xf32>, %g: tensor<8xf32>, %d: tensor<8x2xf32>) {
  // expected-error @+1 {{expected d_result and d_input of the input type 'tensor<2x8xf32>', found 'tensor<8x2xf32>'}}
  %r:3 = rnn.layer_norm_grad %x, %g, %d eps 1.0e-5 : (tensor<2x8xf32>, tensor<8xf32>, tensor<8x2xf32>) -> (tensor<2x8xf32>, tensor<8xf32>, tensor<8xf32>)
  return
}

// -----

func.func @f(%x: tensor<2x8xf32>, %g: tensor<8xf32>) {
  // expected-error @+1 {{expected d_gamma and d_beta of the gamma type 'tensor<8xf32>', found 'tensor<9xf32>'}}
  %r:3 = rnn.layer_norm_grad %x, %g, %x eps 1.0e-5 : (tensor<2x8xf32>, tensor<8xf32>, tensor<2x8xf32>) -> (tensor<2x8xf32>, tensor<8xf32>, tensor<9xf32>)
  return
}

// -----

func.func @f(%ids: tensor<10xi32>, %d: tensor<10x4xf32>, %t: tensor<5x4x1xf32>) {
  // expected-error @+1 {{expected a 2-d table [vocab, dim], found rank 3}}
  %g = rnn.embedding_grad %ids, %d, %t : (tensor<10xi32>, tensor<10x4xf32>, tensor<5x4x1xf32>) -> tensor<5x4x1xf32>
  return
}

// -----

func.func @f(%ids: tensor<10xi32>, %d: tensor<10x3xf32>, %t: tensor<5x4xf32>) {
  // expected-error @+1 {{expected d_result of shape [10, 4], found [10, 3]}}
  %g = rnn.embedding_grad %ids, %d, %t : (tensor<10xi32>, tensor<10x3xf32>, tensor<5x4xf32>) -> tensor<5x4xf32>
  return
}

// -----

func.func @f(%ids: tensor<10xi32>, %d: tensor<10x4xf32>, %t: tensor<5x4xf32>) {
  // expected-error @+1 {{d_table type 'tensor<6x4xf32>' differs from the table type 'tensor<5x4xf32>'}}
  %g = rnn.embedding_grad %ids, %d, %t : (tensor<10xi32>, tensor<10x4xf32>, tensor<5x4xf32>) -> tensor<6x4xf32>
  return
}

// -----

func.func @f(%t: index) {
  // expected-error @+1 {{truncated BPTT needs 'steps'}}
  %m = rnn.truncation_mask truncated (%t) : tensor<?xf32>
  return
}

// -----

func.func @f(%t: index) {
  // expected-error @+1 {{randomized truncation needs a probability in (0, 1]}}
  %m = rnn.truncation_mask randomized probability 1.5 (%t) : tensor<?xf32>
  return
}

// -----

func.func @f() {
  // expected-error @+1 {{expected 1 dynamic size operand(s) for 'tensor<?xf32>', found 0}}
  %m = rnn.truncation_mask truncated steps 3 : tensor<?xf32>
  return
}

// -----

func.func @f(%x: tensor<4xf32>) {
  // expected-error @+1 {{'rnn.clamp' op needs lo <= hi, found lo 1.000000e+00 and hi -1.000000e+00}}
  %y = rnn.clamp %x lo 1.0 hi -1.0 : tensor<4xf32>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %y: tensor<3xf32>) {
  // expected-error @+1 {{'rnn.max' op operand shapes [4] and [3] do not broadcast}}
  %z = rnn.max %x, %y : tensor<4xf32>, tensor<3xf32> -> tensor<4xf32>
  return
}
