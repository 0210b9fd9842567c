// convert-rnn-model-to-manifest: the manifest describes the parameters and every
// function with rnn roles (arguments and results in order, symbolic
// dimensions by name), and those functions get a C interface and
// read-only tensor arguments (the runtime's buffers).
// RUN: rnnc-opt %s --convert-rnn-model-to-func --convert-rnn-model-to-manifest | FileCheck %s

// CHECK: func.func @forward(%{{.*}}: index {rnn.dim = "B"}, %{{.*}}: tensor<?x3xi32> {bufferization.writable = false, {{.*}}}, %{{.*}}: tensor<?x4xf32> {bufferization.writable = false, rnn.param = "W"}) {{.*}} attributes {llvm.emit_c_interface}
// CHECK: func.func private @helper
// CHECK-NOT: llvm.emit_c_interface
// CHECK: llvm.mlir.global external constant @rnnc_model_manifest(
// CHECK-SAME: {\22abi_version\22:9,\22dropout\22:false,
// CHECK-SAME: \22functions\22:[{\22args\22:[{\22name\22:\22B\22,\22role\22:\22dim\22},
// CHECK-SAME: {\22dtype\22:\22i32\22,\22name\22:\22tokens\22,\22role\22:\22input\22,\22shape\22:[\22B\22,3]},
// CHECK-SAME: {\22dtype\22:\22f32\22,\22name\22:\22W\22,\22role\22:\22param\22,\22shape\22:[\22V + 1\22,4]}],
// CHECK-SAME: \22name\22:\22forward\22,
// CHECK-SAME: \22results\22:[{\22dtype\22:\22f32\22,\22name\22:\22loss\22,\22role\22:\22result\22,\22shape\22:[]}],
// CHECK-SAME: \22symbol\22:\22rnnc_call_forward\22}],
// CHECK-SAME: \22name\22:\22m\22,
// CHECK-SAME: \22params\22:[{\22dtype\22:\22f32\22,\22init\22:\22normal\22,\22init_args\22:[0,0.01],\22name\22:\22W\22,\22shape\22:[\22V + 1\22,4]}],
// CHECK-SAME: \22task\22:\22language_model\22,\22train\22:{\22batch\22:2,\22lr\22:0.5}}\00")
rnn.model @m attributes {task = "language_model", train = {batch = 2 : i64, lr = 0.5 : f64}} {
  rnn.param @W : tensor<?x4xf32> init #rnn.init<normal(0.0, 0.01)> {dim_names = ["V + 1", ""]}
  func.func @forward(%b: index {rnn.dim = "B"}, %x: tensor<?x3xi32> {rnn.input = "tokens", rnn.dims = ["B", ""]}) -> (tensor<f32> {rnn.result = "loss"}) {
    %w = rnn.param_read @W : tensor<?x4xf32>
    %l = rnn.fill 0.0 : tensor<f32>
    return %l : tensor<f32>
  }
  func.func private @helper(%x: tensor<f32>) -> tensor<f32> {
    return %x : tensor<f32>
  }
}

