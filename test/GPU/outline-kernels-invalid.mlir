// rnn-gpu-outline-kernels refuses what a kernel cannot take, at the op
// (in a compiled model, the model line the op came from).
// RUN: rnnc-opt %s --rnn-gpu-outline-kernels --split-input-file -verify-diagnostics

#map = affine_map<(d0) -> (d0)>
func.func @tensors(%x: tensor<?xf32>, %y: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error @below {{a GPU kernel needs buffers: bufferize first}}
  %r = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel"]}
      ins(%x : tensor<?xf32>) outs(%y : tensor<?xf32>) {
  ^bb0(%a: f32, %o: f32):
    linalg.yield %a : f32
  } -> tensor<?xf32>
  return %r : tensor<?xf32>
}

// -----

#map = affine_map<(d0) -> (d0)>
func.func @captured_buffer_not_loaded(%x: memref<?xf32>, %table: memref<?xf32>, %y: memref<?xf32>) {
  linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel"]}
      ins(%x : memref<?xf32>) outs(%y : memref<?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %c0 = arith.constant 0 : index
    // expected-error @below {{a GPU kernel can only load from a captured buffer}}
    %n = memref.dim %table, %c0 : memref<?xf32>
    %i = arith.index_cast %n : index to i32
    %f = arith.sitofp %i : i32 to f32
    linalg.yield %f : f32
  }
  return
}

// -----

#map = affine_map<(d0) -> (d0)>
func.func @captured_vector(%x: memref<?xf32>, %v: vector<4xf32>, %y: memref<?xf32>) {
  // expected-error @below {{a GPU kernel cannot take a value of type 'vector<4xf32>'}}
  linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel"]}
      ins(%x : memref<?xf32>) outs(%y : memref<?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %e = vector.extract %v[0] : f32 from vector<4xf32>
    %s = arith.addf %a, %e : f32
    linalg.yield %s : f32
  }
  return
}

// -----

#map = affine_map<(d0) -> (d0)>
func.func @nested_load(%x: memref<?xf32>, %table: memref<?xf32>, %y: memref<?xf32>, %flag: i1) {
  // expected-error @below {{a GPU kernel cannot take a loop index or a load nested in a region of a linalg body}}
  linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel"]}
      ins(%x : memref<?xf32>) outs(%y : memref<?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %r = scf.if %flag -> f32 {
      %c0 = arith.constant 0 : index
      %t = memref.load %table[%c0] : memref<?xf32>
      scf.yield %t : f32
    } else {
      scf.yield %a : f32
    }
    linalg.yield %r : f32
  }
  return
}

// -----

func.func @integer_gemm(%a: memref<?x?xi32>, %b: memref<?x?xi32>, %c: memref<?x?xi32>) {
  // expected-error @below {{the GPU GEMM kernel takes one float type, not 'i32'}}
  linalg.matmul ins(%a, %b : memref<?x?xi32>, memref<?x?xi32>) outs(%c : memref<?x?xi32>)
  return
}

// -----

func.func @tensor_gemm(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>, %c: tensor<?x?xf32>) -> tensor<?x?xf32> {
  // expected-error @below {{a GPU kernel needs buffers: bufferize first}}
  %r = linalg.matmul ins(%a, %b : tensor<?x?xf32>, tensor<?x?xf32>) outs(%c : tensor<?x?xf32>) -> tensor<?x?xf32>
  return %r : tensor<?x?xf32>
}
