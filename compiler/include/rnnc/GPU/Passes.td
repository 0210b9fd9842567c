//===- Passes.td - GPU kernels from buffers --------------------*- tablegen -*-===//
//
// The passes of the GPU targets: every linalg op of a bufferized model
// becomes a compute kernel (gpu.func in gpu.module @kernels) launched from
// the host function, and the kernels become SPIR-V for Vulkan
// (rnnc/GPU/Serialization.h writes the SPIR-V binary). Kernel generation names no API: the
// Vulkan target lowers the kernels to SPIR-V, the CUDA target will lower
// the same gpu.funcs through NVVM. One pass per file in compiler/lib/GPU,
// one lit test each in test/GPU. Named rnn-gpu-*.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_GPU_PASSES_TD
#define RNNC_GPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def DeriveParameterUpdates
    : Pass<"rnn-gpu-derive-parameter-updates", "mlir::ModuleOp"> {
  let summary = "The optimizer and the gradient norm as generated functions of the model";
  let description = [{
    Runs on the functions convert-rnn-model-to-func made (linalg on
    tensors), before the manifest. From the parameter table
    (`rnn.params`) it adds three functions that the device targets' runtime
    calls after each train_step, so that parameters, gradients and the
    optimizer's state never leave the device:

    - `gradient_square_sum(grads) -> square_sum`: the sum of the squares
      of every gradient element (one reduction per gradient into a running
      f32 sum), whose square root is the norm that clipping and the
      training log use;
    - `sgd_update(params, grads, hyper) -> params`: `p - rate * (g *
      scale)`, hyper = [rate, scale];
    - `adam_update(params, grads, m, v, hyper) -> (params, m, v)`:
      torch.optim.Adam's step (bias-corrected moments, eps after the square
      root) on `g * scale`, hyper = [scale, beta1, beta2, step size,
      sqrt(1 - beta2^t), eps].

    `scale` is the clipping factor, min(1, theta / norm). One elementwise
    op per parameter (one kernel launch each). Arguments have the roles
    `param`, `grad`, `moment` (named `m.NAME` and `v.NAME`) and `hyper`;
    results `param`, `moment` and `result`. The arithmetic is the
    runtime's CPU optimizer's, operation for operation. A model with a
    parameter that is not f32 gets none (no optimizer updates it). The
    functions carry `rnn.parameter_update`: a module that has them keeps
    them.
  }];
  let dependentDialects = [
    "mlir::func::FuncDialect", "mlir::linalg::LinalgDialect",
    "mlir::tensor::TensorDialect", "mlir::arith::ArithDialect",
    "mlir::math::MathDialect"
  ];
}

def OutlineKernels : Pass<"rnn-gpu-outline-kernels", "mlir::ModuleOp"> {
  let summary = "Every linalg op on buffers becomes a generated compute kernel and its launch";
  let description = [{
    Runs on bufferized host functions (memrefs, scf time loops). Each
    linalg op and memref.copy becomes a `gpu.func` in `gpu.module
    @kernels` and a `gpu.launch_func` in its place:

    - first, a loop over token positions whose body reads an id, picks
      whole rows of buffers by it and runs one elementwise op on them
      (embedding lookups, their scatter-add gradients, folded one-hot
      products) becomes one `row_loop` kernel: a thread per row element
      runs the whole loop in order, so a repeated id adds in position
      order as on the CPU. Only when no two threads can touch one element:
      every written view is a whole row of an allocation the loop reaches
      through no other view; other loops stay host loops of launches;

    - matmuls (`linalg.matmul`, `matmul_transpose_a`, `matmul_transpose_b`,
      and the batched contractions of rnn.matmul whose leading dimensions
      collapse: rnnc/Codegen/BufferGemm.h) become one tiled GEMM kernel (a workgroup of 16x16 threads computes a
      64x64 tile of C, 4x4 outputs a thread, over K in slices of 16 staged
      in workgroup memory; the transposed forms are the same kernel with
      the operands' strides swapped by the host);
    - every other op is generalised; one with only parallel loops (an
      elementwise cluster, a fill, a copy, a broadcast, a gather through a
      captured table) becomes one thread per iteration point, 256 threads a
      workgroup; one with reduction loops becomes one thread per output
      point folding the reduced points in order and, when the body is
      `combine(f(ins), out)` for an associative combine (add, mul, max,
      min), a second kernel with one workgroup per output point whose 256
      threads stride over the reduced points and combine in workgroup
      memory (a tree of 8 steps): the host launches the tree for 1,024
      reduced points or more, the loop below.

    Kernels take flat buffers (`memref<?xT>`, the base of each operand)
    and a parameter buffer of 32-bit integers (`rnnc/GPU/KernelABI.h`):
    sizes, each operand's offset and strides, captured scalars. The host
    computes them from the operands' strided metadata, so one kernel
    serves every shape, view and transposition. Kernels that are equal up
    to their name are generated once. An op that cannot become a kernel is
    an error at the op's location (its model line).
  }];
  let dependentDialects = [
    "mlir::gpu::GPUDialect", "mlir::memref::MemRefDialect",
    "mlir::scf::SCFDialect", "mlir::arith::ArithDialect",
    "mlir::spirv::SPIRVDialect"
  ];
}

def ExpandF64Math : Pass<"rnn-gpu-expand-f64-math", "mlir::ModuleOp"> {
  let summary = "f64 exp, log, tanh and rsqrt in the kernels as arithmetic";
  let description = [{
    Vulkan's GLSL.std.450 computes `Exp`, `Log` and `Tanh` in 16- and
    32-bit floats only, so an f64 model's kernels (gradcheck's reference,
    `--dtype=f64`) would lose half their digits there. In `gpu.module
    @kernels`, each f64 `math.exp`, `math.log`, `math.tanh` and
    `math.rsqrt` becomes f64 arithmetic: a reduction of the argument
    through its bits (64-bit integers) and a short series (exp: 2^k times
    a Taylor series to r^14 on |r| <= ln 2 / 2; log: e ln 2 plus 2 atanh(s)
    to s^23 on |s| <= 0.172; tanh: its series to x^15 below 1/8, else
    1 - 2 / (exp(2|x|) + 1); rsqrt: two Newton steps from the f32 one of
    the mantissa scaled into [1, 4)),
    accurate to a few units in the last place, with IEEE's special values.
    f32 math is left to GLSL.std.450.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect", "mlir::math::MathDialect"];
}

def KernelsToSPIRV : Pass<"rnn-gpu-kernels-to-spirv", "mlir::ModuleOp"> {
  let summary = "The generated kernels as SPIR-V for Vulkan";
  let description = [{
    Gives the module a Vulkan 1.1 target environment (Shader, with Float64
    where a kernel uses f64, Int64 and Int8 only when used) and converts
    `gpu.module @kernels` to a `spirv.module`: math to GLSL.std.450,
    workgroup memory (memory space 3) to the Workgroup storage class,
    kernels to entry points with their workgroup sizes, buffers to
    descriptor-set bindings in argument order. The host functions keep
    their `gpu.launch_func`s.
  }];
  let dependentDialects = ["mlir::spirv::SPIRVDialect"];
}

def KernelsToNVVM : Pass<"rnn-gpu-kernels-to-nvvm", "mlir::ModuleOp"> {
  let summary = "The generated kernels through NVVM for the CUDA target";
  let description = [{
    The same `gpu.module @kernels` rnn-gpu-kernels-to-spirv lowers for
    Vulkan, lowered a second way: workgroup memory (memref.alloc in
    memory space 3 at a kernel's entry) becomes the kernel's workgroup
    attributions, each kernel's workgroup size its `known_block_size`
    (ptxas's `.reqntid`), then NVVM targets for sm_80 and sm_90 (PTX ISA
    8.0, -O3), `convert-gpu-to-nvvm` (math through libdevice) and
    `gpu-module-to-binary` with the CUDA toolkit rnnc was built with
    (rnnc::gpu::cudaToolkit) producing PTX per architecture. With
    `format=isa` (`rnnc compile --emit=ptx`) the `gpu.binary` holds those
    texts; with `format=fatbin` (the default) one fatbin instead: each
    text through the toolkit's `ptxas` for its architecture, then
    `fatbinary` over both cubins and sm_90's PTX (the driver picks the
    cubin of the device's architecture, or compiles the PTX for a newer
    one). Either way the binary keeps the kernel table (`rnn.kernel_table`:
    entry, buffers, workgroup size, element sizes) that the host side
    embeds. Nothing is left to compile at run time on sm_80 and sm_90.
  }];
  let options = [
    Option<"format", "format", "std::string", /*default=*/"\"fatbin\"",
           "fatbin (cubin and PTX per architecture) or isa (PTX text)">,
  ];
  let dependentDialects = ["mlir::NVVM::NVVMDialect", "mlir::LLVM::LLVMDialect"];
}

def LowerLaunches : Pass<"rnn-gpu-lower-launches", "mlir::ModuleOp"> {
  let summary = "The host side of the GPU targets: launches become device-runtime calls, the kernels an embedded binary";
  let description = [{
    Runs after rnn-gpu-kernels-to-spirv (Vulkan) or rnn-gpu-kernels-to-nvvm
    (CUDA), on the host functions. The kernels' binary, the SPIR-V module
    serialised or the one fatbin of the `gpu.binary` (8-byte aligned), goes
    into the internal constant `rnnc_gpu_kernel_binary`, and
    `rnnc_gpu_kernels` lists each kernel, one line each, in the order
    launches number them: entry point, buffer count, workgroup size and
    each buffer's element size (rnnc::gpu::kernelTable,
    rnnc/device/GeneratedCode.h); every function passes both (and the
    binary's length) to `rnnc_rt_gpu_begin_call` at its entry, so that two
    objects in one executable (a model and its f64 build) each launch
    their own kernels. The gpu, spirv and binary ops go. Each
    `gpu.launch_func` becomes a call of `rnnc_rt_gpu_launch`
    with the kernel's number, the grid, an array of (address, bytes) for
    its buffers and the address and length of its parameter words.
    Host-side arrays (`memref.alloca`: parameter words, buffer arrays) move
    to the function's entry, so a time loop reuses them. The host code's
    own loads and stores of device buffers are preceded by
    `rnnc_rt_gpu_sync` (the recorded launches run first), and every return
    by `rnnc_rt_gpu_end_call`.
  }];
  let dependentDialects = [
    "mlir::func::FuncDialect", "mlir::LLVM::LLVMDialect",
    "mlir::memref::MemRefDialect", "mlir::arith::ArithDialect"
  ];
}

def DeviceAllocations : Pass<"rnn-gpu-device-allocations", "mlir::ModuleOp"> {
  let summary = "The generated code's buffers come from the device runtime";
  let description = [{
    Runs on the LLVM dialect, after the memref lowering (whose generic
    allocation functions the host code calls for every buffer): calls of
    `_mlir_memref_to_llvm_alloc`, `_mlir_memref_to_llvm_aligned_alloc` and
    `_mlir_memref_to_llvm_free` become calls of `rnnc_rt_gpu_alloc`,
    `rnnc_rt_gpu_aligned_alloc` and `rnnc_rt_gpu_free`: every buffer of a
    GPU build is device memory the host maps (managed memory on CUDA).
  }];
  let dependentDialects = ["mlir::LLVM::LLVMDialect"];
}

#endif // RNNC_GPU_PASSES_TD
