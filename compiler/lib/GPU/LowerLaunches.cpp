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

namespace rnnc {
#define GEN_PASS_DEF_LOWERLAUNCHES
#include "rnnc/GPU/Passes.h.inc"
} // namespace rnnc

using namespace mlir;

namespace {

constexpr llvm::StringLiteral kLaunch = "rnnc_rt_gpu_launch";
constexpr llvm::StringLiteral kSpirvGlobal = "rnnc_gpu_spirv";
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

struct LowerLaunches : public rnnc::impl::LowerLaunchesBase<LowerLaunches> {
  /// The length of the SPIR-V module in 32-bit words.
  size_t spirvWords = 0;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    OpBuilder b(module.getBodyRegion());
    b.setInsertionPointToEnd(module.getBody());
    Location loc = module.getLoc();

    // The kernels, numbered in their module's order.
    llvm::StringMap<int32_t> kernelNumbers;
    std::string table;
    gpu::GPUModuleOp kernels;
    for (auto candidate : module.getOps<gpu::GPUModuleOp>())
      if (candidate.getName() == "kernels")
        kernels = candidate;
    if (kernels)
      for (auto kernel : kernels.getOps<gpu::GPUFuncOp>()) {
        kernelNumbers[kernel.getName()] = int32_t(kernelNumbers.size());
        table += (kernel.getName() + " " +
                  Twine(kernel.getNumArguments() - 1) + "\n")
                     .str();
      }
    SmallVector<uint32_t> words;
    if (kernels) {
      FailureOr<SmallVector<uint32_t>> serialized =
          rnnc::gpu::serializeKernels(module);
      if (failed(serialized))
        return signalPassFailure();
      words = std::move(*serialized);
    }
    addGlobals(b, loc, words, table);
    declareRuntime(b, loc);

    for (auto function : module.getOps<func::FuncOp>()) {
      if (function.isExternal())
        continue;
      lowerFunction(function, kernelNumbers);
    }
    if (kernels)
      kernels->erase();
    for (auto spirvModule :
         llvm::make_early_inc_range(module.getOps<spirv::ModuleOp>()))
      spirvModule->erase();
    module->removeAttr(gpu::GPUDialect::getContainerModuleAttrName());
  }

  /// The kernels' SPIR-V and their table, internal to this object (an
  /// executable's f64 build has its own): each function names them to the
  /// device runtime when it starts (rnnc_rt_gpu_begin_call).
  void addGlobals(OpBuilder &b, Location loc, ArrayRef<uint32_t> words,
                  const std::string &table) {
    MLIRContext *context = b.getContext();
    Type i32 = b.getI32Type();
    SmallVector<int32_t> signedWords(words.begin(), words.end());
    if (signedWords.empty())
      signedWords.push_back(0);
    spirvWords = words.size();
    auto wordsType = RankedTensorType::get({int64_t(signedWords.size())}, i32);
    b.create<LLVM::GlobalOp>(
        loc, LLVM::LLVMArrayType::get(i32, signedWords.size()),
        /*isConstant=*/true, LLVM::Linkage::Internal, kSpirvGlobal,
        DenseIntElementsAttr::get(wordsType, ArrayRef<int32_t>(signedWords)));
    std::string text = table;
    text.push_back('\0');
    b.create<LLVM::GlobalOp>(
        loc, LLVM::LLVMArrayType::get(IntegerType::get(context, 8), text.size()),
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
      Value spirv =
          atEntry.create<LLVM::AddressOfOp>(loc, pointer, kSpirvGlobal);
      Value count = atEntry.create<arith::ConstantOp>(
          loc, atEntry.getI64IntegerAttr(int64_t(spirvWords)));
      Value table =
          atEntry.create<LLVM::AddressOfOp>(loc, pointer, kKernelsGlobal);
      atEntry.create<func::CallOp>(loc, kBeginCall, TypeRange{},
                                   ValueRange{address, spirv, count, table});
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
