//===- LowerLaunches.cpp - launches as device-runtime calls ---------------===//
//
// See the description of rnn-gpu-lower-launches in Passes.td.
//
//===----------------------------------------------------------------------===//

#include "rnnc/GPU/Passes.h"

#include "rnnc/GPU/Serialization.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SPIRV/IR/SPIRVOps.h"
#include "mlir/IR/Builders.h"

#include <optional>

namespace rnnc {
#define GEN_PASS_DEF_LOWERLAUNCHES
#include "rnnc/GPU/Passes.h.inc"
} // namespace rnnc

using namespace mlir;

namespace {

constexpr llvm::StringLiteral kLaunch = "rnnc_rt_gpu_launch";
constexpr llvm::StringLiteral kBinaryGlobal = "rnnc_gpu_kernel_binary";
constexpr llvm::StringLiteral kKernelsGlobal = "rnnc_gpu_kernels";
constexpr llvm::StringLiteral kSync = "rnnc_rt_gpu_sync";
constexpr llvm::StringLiteral kEndCall = "rnnc_rt_gpu_end_call";
constexpr llvm::StringLiteral kBeginCall = "rnnc_rt_gpu_begin_call";

/// The buffer a view of `memref` is a view of.
Value rootOf(Value memref) {
  while (Operation *op = memref.getDefiningOp()) {
    if (auto view = dyn_cast<ViewLikeOpInterface>(op)) {
      memref = view.getViewSource();
      continue;
    }
    if (auto metadata = dyn_cast<memref::ExtractStridedMetadataOp>(op)) {
      memref = metadata.getSource();
      continue;
    }
    break;
  }
  return memref;
}

/// Host memory of the generated code itself (parameter words, buffer
/// arrays): an alloca.
bool isHostArray(Value memref) {
  return isa_and_nonnull<memref::AllocaOp>(rootOf(memref).getDefiningOp());
}

/// Whether the host's access to `memref` must wait for the recorded
/// launches: not for its own arrays, nor for the caller's arguments,
/// which no launch of the call writes.
bool needsSync(Value memref) {
  Value root = rootOf(memref);
  return !isHostArray(root) && !isa<BlockArgument>(root);
}

/// The kernels as the device runtime loads them: the binary (SPIR-V words
/// for Vulkan, a fatbin for CUDA) and the kernel table.
struct KernelBinary {
  std::string bytes;
  std::string table;
  unsigned alignment = 4;
};

/// The module's kernels, from the spirv.module and gpu.module @kernels
/// that rnn-gpu-kernels-to-spirv leaves, or the gpu.binary @kernels of
/// rnn-gpu-kernels-to-nvvm; none when the module launches nothing.
FailureOr<std::optional<KernelBinary>> kernelBinary(ModuleOp module) {
  for (auto kernels : module.getOps<gpu::GPUModuleOp>()) {
    if (kernels.getName() != "kernels")
      continue;
    FailureOr<SmallVector<uint32_t>> words =
        rnnc::gpu::serializeKernels(module);
    if (failed(words))
      return failure();
    KernelBinary binary;
    binary.bytes.assign(reinterpret_cast<const char *>(words->data()),
                        words->size() * sizeof(uint32_t));
    binary.table = rnnc::gpu::kernelTable(kernels);
    return std::optional<KernelBinary>(std::move(binary));
  }
  for (auto binaryOp : module.getOps<gpu::BinaryOp>()) {
    if (binaryOp.getName() != "kernels")
      continue;
    auto table =
        binaryOp->getAttrOfType<StringAttr>(rnnc::gpu::kKernelTableAttr);
    auto objects = binaryOp.getObjects();
    auto object = objects.size() == 1
                      ? dyn_cast<gpu::ObjectAttr>(objects[0])
                      : gpu::ObjectAttr();
    if (!table || !object ||
        object.getFormat() != gpu::CompilationTarget::Fatbin)
      return binaryOp.emitError(
          "expected one fatbin and the kernel table of "
          "rnn-gpu-kernels-to-nvvm");
    KernelBinary binary;
    binary.bytes = object.getObject().getValue().str();
    binary.table = table.getValue().str();
    binary.alignment = 8; // the driver reads the fatbin's 64-bit header
    return std::optional<KernelBinary>(std::move(binary));
  }
  return std::optional<KernelBinary>();
}

struct LowerLaunches : public rnnc::impl::LowerLaunchesBase<LowerLaunches> {
  /// The length of the kernel binary in bytes.
  size_t binaryBytes = 0;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    OpBuilder b(module.getBodyRegion());
    b.setInsertionPointToEnd(module.getBody());
    Location loc = module.getLoc();

    FailureOr<std::optional<KernelBinary>> binary = kernelBinary(module);
    if (failed(binary))
      return signalPassFailure();
    // The kernels, numbered in the table's order.
    llvm::StringMap<int32_t> kernelNumbers;
    if (*binary) {
      llvm::SmallVector<StringRef> lines;
      StringRef((*binary)->table).split(lines, '\n', -1, false);
      for (StringRef line : lines)
        kernelNumbers[line.split(' ').first] = int32_t(kernelNumbers.size());
    }
    addGlobals(b, loc, binary->value_or(KernelBinary()));
    declareRuntime(b, loc);

    for (auto function : module.getOps<func::FuncOp>()) {
      if (function.isExternal())
        continue;
      lowerFunction(function, kernelNumbers);
    }
    for (Operation &op : llvm::make_early_inc_range(*module.getBody()))
      if (isa<gpu::GPUModuleOp, gpu::BinaryOp, spirv::ModuleOp>(op))
        op.erase();
    module->removeAttr(gpu::GPUDialect::getContainerModuleAttrName());
  }

  /// The kernels' binary and their table, internal to this object (an
  /// executable's f64 build has its own): each function names them to the
  /// device runtime when it starts (rnnc_rt_gpu_begin_call).
  void addGlobals(OpBuilder &b, Location loc, const KernelBinary &binary) {
    Type i8 = b.getI8Type();
    binaryBytes = binary.bytes.size();
    std::string bytes = binary.bytes;
    if (bytes.empty())
      bytes.push_back('\0');
    auto global = b.create<LLVM::GlobalOp>(
        loc, LLVM::LLVMArrayType::get(i8, bytes.size()),
        /*isConstant=*/true, LLVM::Linkage::Internal, kBinaryGlobal,
        b.getStringAttr(bytes));
    global.setAlignment(binary.alignment);
    std::string text = binary.table;
    text.push_back('\0');
    b.create<LLVM::GlobalOp>(
        loc, LLVM::LLVMArrayType::get(i8, text.size()),
        /*isConstant=*/true, LLVM::Linkage::Internal, kKernelsGlobal,
        b.getStringAttr(text));
  }

  void declareRuntime(OpBuilder &b, Location loc) {
    Type i32 = b.getI32Type(), i64 = b.getI64Type();
    auto declare = [&](StringRef name, ArrayRef<Type> arguments) {
      auto function = b.create<func::FuncOp>(
          loc, name, b.getFunctionType(arguments, {}));
      function.setPrivate();
    };
    declare(kLaunch, {i32, i64, i64, i64, i64, i32, i64, i32});
    declare(kSync, {});
    declare(kEndCall, {});
    auto pointer = LLVM::LLVMPointerType::get(b.getContext());
    declare(kBeginCall, {pointer, pointer, i64, pointer});
  }

  void lowerFunction(func::FuncOp function,
                              const llvm::StringMap<int32_t> &kernelNumbers) {
    Block &entry = function.getBody().front();
    // The function's name, for the device runtime's messages ("a buffer
    // of train_step (...) does not fit").
    {
      OpBuilder global(function);
      std::string text = function.getName().str();
      text.push_back('\0');
      auto name = global.create<LLVM::GlobalOp>(
          function.getLoc(),
          LLVM::LLVMArrayType::get(global.getI8Type(), text.size()),
          /*isConstant=*/true, LLVM::Linkage::Internal,
          ("rnnc_gpu_name_" + function.getName()).str(),
          global.getStringAttr(text));
      OpBuilder atEntry(&entry, entry.begin());
      Location loc = function.getLoc();
      Value address = atEntry.create<LLVM::AddressOfOp>(loc, name);
      auto pointer = LLVM::LLVMPointerType::get(atEntry.getContext());
      Value binary =
          atEntry.create<LLVM::AddressOfOp>(loc, pointer, kBinaryGlobal);
      Value bytes = atEntry.create<arith::ConstantOp>(
          loc, atEntry.getI64IntegerAttr(int64_t(binaryBytes)));
      Value table =
          atEntry.create<LLVM::AddressOfOp>(loc, pointer, kKernelsGlobal);
      atEntry.create<func::CallOp>(loc, kBeginCall, TypeRange{},
                                   ValueRange{address, binary, bytes, table});
    }
    // Host arrays of static size move to the entry, once per function.
    SmallVector<memref::AllocaOp> arrays;
    function.walk([&](memref::AllocaOp alloca) {
      if (alloca.getMemref().getType().hasStaticShape() &&
          alloca->getBlock() != &entry)
        arrays.push_back(alloca);
    });
    for (memref::AllocaOp alloca : arrays)
      alloca->moveBefore(&entry, entry.begin());

    SmallVector<Operation *> hostAccesses;
    function.walk([&](Operation *op) {
      if (auto load = dyn_cast<memref::LoadOp>(op)) {
        if (needsSync(load.getMemRef()))
          hostAccesses.push_back(op);
      } else if (auto store = dyn_cast<memref::StoreOp>(op)) {
        if (needsSync(store.getMemRef()))
          hostAccesses.push_back(op);
      }
    });
    OpBuilder b(function.getContext());
    for (Operation *op : hostAccesses) {
      b.setInsertionPoint(op);
      b.create<func::CallOp>(op->getLoc(), kSync, TypeRange{});
    }

    SmallVector<gpu::LaunchFuncOp> launches;
    function.walk([&](gpu::LaunchFuncOp launch) { launches.push_back(launch); });
    // (The gpu dialect's verifier has checked that each kernel exists.)
    for (gpu::LaunchFuncOp launch : launches)
      lowerLaunch(launch, kernelNumbers.lookup(launch.getKernelName()), entry);

    function.walk([&](func::ReturnOp ret) {
      b.setInsertionPoint(ret);
      b.create<func::CallOp>(ret.getLoc(), kEndCall, TypeRange{});
    });
  }

  void lowerLaunch(gpu::LaunchFuncOp launch, int32_t number, Block &entry) {
    OpBuilder b(launch);
    Location loc = launch.getLoc();
    Type i32 = b.getI32Type(), i64 = b.getI64Type();
    auto toI64 = [&](Value index) -> Value {
      return b.create<arith::IndexCastOp>(loc, i64, index);
    };
    auto addressOf = [&](Value memref) {
      return toI64(b.create<memref::ExtractAlignedPointerAsIndexOp>(loc, memref));
    };
    OperandRange operands = launch.getKernelOperands();
    auto buffers = operands.drop_back();
    Value params = operands.back();

    // (address, bytes) of each buffer, in an array made once at the entry.
    Value array;
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPoint(&entry, entry.begin());
      array = b.create<memref::AllocaOp>(
          loc, MemRefType::get({int64_t(2 * buffers.size())}, i64));
    }
    Value zero = b.create<arith::ConstantIndexOp>(loc, 0);
    for (auto [i, buffer] : llvm::enumerate(buffers)) {
      auto type = cast<MemRefType>(buffer.getType());
      Value elements = b.create<memref::DimOp>(loc, buffer, zero);
      Value bytes = b.create<arith::MulIOp>(
          loc, elements,
          b.create<arith::ConstantIndexOp>(
              loc, (type.getElementTypeBitWidth() + 7) / 8));
      b.create<memref::StoreOp>(
          loc, addressOf(buffer), array,
          ValueRange{b.create<arith::ConstantIndexOp>(loc, 2 * i)});
      b.create<memref::StoreOp>(
          loc, toI64(bytes), array,
          ValueRange{b.create<arith::ConstantIndexOp>(loc, 2 * i + 1)});
    }
    Value paramCount = b.create<arith::IndexCastOp>(
        loc, i32, b.create<memref::DimOp>(loc, params, zero));
    gpu::KernelDim3 grid = launch.getGridSizeOperandValues();
    b.create<func::CallOp>(
        loc, kLaunch, TypeRange{},
        ValueRange{
            b.create<arith::ConstantOp>(loc, b.getI32IntegerAttr(number)),
            toI64(grid.x), toI64(grid.y), toI64(grid.z), addressOf(array),
            b.create<arith::ConstantOp>(
                loc, b.getI32IntegerAttr(int32_t(buffers.size()))),
            addressOf(params), paramCount});
    launch->erase();
  }
};

} // namespace
