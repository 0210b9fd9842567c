//===- KernelBuilder.cpp - what every generated kernel is made of ---------===//
//
// See KernelBuilder.h.
//
//===----------------------------------------------------------------------===//

#include "KernelBuilder.h"

#include "rnnc/device/KernelABI.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SPIRV/IR/TargetAndABI.h"

using namespace mlir;
namespace abi = rnnc::device::abi;

namespace rnnc::gpu {

KernelSet::KernelSet(ModuleOp module) {
  module->setAttr(mlir::gpu::GPUDialect::getContainerModuleAttrName(),
                  UnitAttr::get(module.getContext()));
  for (auto existing : module.getOps<mlir::gpu::GPUModuleOp>())
    if (existing.getName() == "kernels")
      kernels_ = existing;
  if (!kernels_) {
    OpBuilder b(module.getBodyRegion());
    b.setInsertionPointToEnd(module.getBody());
    kernels_ = b.create<mlir::gpu::GPUModuleOp>(module.getLoc(), "kernels");
  }
  next_ = llvm::range_size(kernels_.getOps<mlir::gpu::GPUFuncOp>());
}

mlir::gpu::GPUFuncOp
KernelSet::make(Location loc, StringRef kind, ArrayRef<Type> elementTypes,
                int64_t workgroupSize,
                llvm::function_ref<void(KernelContext &)> body) {
  mlir::gpu::GPUFuncOp kernel = begin(loc, kind, elementTypes, workgroupSize);
  OpBuilder b(kernel.getBody());
  b.setInsertionPointToStart(&kernel.getBody().front());
  KernelContext k(b, loc, kernel);
  body(k);
  b.setInsertionPointToEnd(&kernel.getBody().front());
  b.create<mlir::gpu::ReturnOp>(loc);
  return intern(kernel);
}

mlir::gpu::GPUFuncOp KernelSet::begin(Location loc, StringRef kind,
                                      ArrayRef<Type> elementTypes,
                                      int64_t workgroupSize) {
  MLIRContext *context = kernels_.getContext();
  SmallVector<Type> arguments;
  for (Type type : elementTypes)
    arguments.push_back(MemRefType::get({ShapedType::kDynamic}, type));
  arguments.push_back(MemRefType::get({ShapedType::kDynamic},
                                      IntegerType::get(context, 32)));
  OpBuilder b(context);
  b.setInsertionPoint(kernels_.getBody()->getTerminator());
  // Named when kept (intern): kernels are numbered in the order made.
  auto kernel = b.create<mlir::gpu::GPUFuncOp>(
      loc, kind, FunctionType::get(context, arguments, {}));
  kernel->setAttr(mlir::gpu::GPUDialect::getKernelFuncAttrName(),
                  b.getUnitAttr());
  int32_t size = static_cast<int32_t>(workgroupSize);
  kernel->setAttr(spirv::getEntryPointABIAttrName(),
                  spirv::getEntryPointABIAttr(context, {size, 1, 1}));
  return kernel;
}

mlir::gpu::GPUFuncOp KernelSet::intern(mlir::gpu::GPUFuncOp kernel) {
  // Equal kernels print equally: they are named only once kept.
  std::string kind = kernel.getName().str();
  std::string text;
  llvm::raw_string_ostream os(text);
  kernel->print(os, OpPrintingFlags().useLocalScope());
  auto [it, inserted] = byText_.try_emplace(text, kernel);
  if (!inserted) {
    kernel->erase();
    return it->second;
  }
  kernel.setName((kind + "_" + Twine(next_++)).str());
  return kernel;
}

Value HostLaunch::index(int64_t value) {
  return b.create<arith::ConstantIndexOp>(loc, value);
}

void HostLaunch::addOperand(Value memref) {
  auto type = cast<MemRefType>(memref.getType());
  auto metadata = b.create<memref::ExtractStridedMetadataOp>(loc, memref);
  // The flat view's extent: one past the operand's last element.
  Value extent = b.create<arith::AddIOp>(loc, metadata.getOffset(), index(1));
  for (int64_t d = 0; d < type.getRank(); ++d) {
    Value last = b.create<arith::SubIOp>(loc, metadata.getSizes()[d], index(1));
    extent = b.create<arith::AddIOp>(
        loc, extent,
        b.create<arith::MulIOp>(loc, last, metadata.getStrides()[d]));
  }
  auto flatType = MemRefType::get({ShapedType::kDynamic}, type.getElementType());
  Value flat = b.create<memref::ReinterpretCastOp>(
      loc, flatType, metadata.getBaseBuffer(), OpFoldResult(b.getIndexAttr(0)),
      ArrayRef<OpFoldResult>{extent}, ArrayRef<OpFoldResult>{b.getIndexAttr(1)});
  buffers.push_back(flat);
  addParam(metadata.getOffset());
  for (Value stride : metadata.getStrides())
    addParam(stride);
}

void HostLaunch::addBuffersAndScalars(
    ArrayRef<Value> buffers, ArrayRef<std::pair<Value, int64_t>> scalars) {
  for (Value buffer : buffers)
    addOperand(buffer);
  for (auto [value, word] : scalars) {
    assert(int64_t(params.size()) == word && "a scalar at another word");
    (void)word;
    addParam(value);
  }
}

int64_t HostLaunch::wordsOf(Type type) {
  return !type.isIndex() && type.getIntOrFloatBitWidth() > 32 ? 2 : 1;
}

void HostLaunch::addParam(Value value) {
  Type i32 = b.getI32Type();
  Type type = value.getType();
  if (type.isIndex()) {
    params.push_back(b.create<arith::IndexCastOp>(loc, i32, value));
    return;
  }
  unsigned width = type.getIntOrFloatBitWidth();
  if (isa<FloatType>(type))
    value = b.create<arith::BitcastOp>(loc, b.getIntegerType(width), value);
  if (width < 32) {
    params.push_back(b.create<arith::ExtUIOp>(loc, i32, value));
  } else if (width == 32) {
    params.push_back(value);
  } else {
    Type i64 = b.getI64Type();
    Value low = b.create<arith::TruncIOp>(loc, i32, value);
    Value shifted = b.create<arith::ShRUIOp>(
        loc, value, b.create<arith::ConstantOp>(loc, b.getIntegerAttr(i64, 32)));
    params.push_back(low);
    params.push_back(b.create<arith::TruncIOp>(loc, i32, shifted));
  }
}

Value HostLaunch::packParams() {
  auto type = MemRefType::get({int64_t(params.size())}, b.getI32Type());
  Value words = b.create<memref::AllocaOp>(loc, type);
  for (auto [i, word] : llvm::enumerate(params))
    b.create<memref::StoreOp>(loc, word, words, ValueRange{index(i)});
  return b.create<memref::CastOp>(
      loc, MemRefType::get({ShapedType::kDynamic}, b.getI32Type()), words);
}

void HostLaunch::launch(mlir::gpu::GPUFuncOp kernel, Value groups,
                        int64_t threads) {
  // Past kMaxGroups, workgroups fold into y (kernels number them
  // y * gridX + x and skip those past the end).
  Value max = index(abi::kMaxGroups);
  Value x = b.create<arith::MinUIOp>(loc, groups, max);
  Value y = ceilDiv(b, loc, groups, abi::kMaxGroups);
  // An empty launch still names one workgroup along y: x is then 0.
  y = b.create<arith::MaxUIOp>(loc, y, index(1));
  launch2D(kernel, x, y, threads, 1);
}

void HostLaunch::launch2D(mlir::gpu::GPUFuncOp kernel, Value groupsX,
                          Value groupsY, int64_t threadsX, int64_t threadsY) {
  SmallVector<Value> operands(buffers);
  operands.push_back(packParams());
  b.create<mlir::gpu::LaunchFuncOp>(
      loc, kernel, mlir::gpu::KernelDim3{groupsX, groupsY, index(1)},
      mlir::gpu::KernelDim3{index(threadsX), index(threadsY), index(1)},
      Value(), operands);
}

KernelContext::KernelContext(OpBuilder &builder, Location loc,
                             mlir::gpu::GPUFuncOp kernel)
    : b(builder), loc(loc), kernel(kernel),
      params(kernel.getArgument(kernel.getNumArguments() - 1)),
      entry_(kernel.getContext()) {
  // Parameter loads go before an anchor at the top of the entry block, so
  // they dominate whatever the kernel's code appends after it.
  Block &block = kernel.getBody().front();
  entry_.setInsertionPointToStart(&block);
  Operation *anchor = entry_.create<arith::ConstantIndexOp>(loc, 0);
  entry_.setInsertionPoint(anchor);
}

Value KernelContext::index(int64_t value) {
  return b.create<arith::ConstantIndexOp>(loc, value);
}

Value KernelContext::word(int64_t i) {
  Value &word = words_[i];
  if (!word) {
    Value at = entry_.create<arith::ConstantIndexOp>(loc, i);
    word = entry_.create<memref::LoadOp>(loc, params, ValueRange{at});
  }
  return word;
}

Value KernelContext::param(int64_t i) {
  Value &value = indices_[i];
  if (!value)
    value = entry_.create<arith::IndexCastOp>(loc, b.getIndexType(), word(i));
  return value;
}

Value KernelContext::scalar(Type type, int64_t i) {
  if (type.isIndex())
    return param(i);
  unsigned width = type.getIntOrFloatBitWidth();
  Value bits = word(i);
  if (width < 32)
    bits = b.create<arith::TruncIOp>(loc, b.getIntegerType(width), bits);
  if (width > 32) {
    Type i64 = b.getI64Type();
    Value low = b.create<arith::ExtUIOp>(loc, i64, bits);
    Value high = b.create<arith::ExtUIOp>(loc, i64, word(i + 1));
    Value shift = b.create<arith::ConstantOp>(loc, b.getIntegerAttr(i64, 32));
    bits = b.create<arith::OrIOp>(loc, low,
                                  b.create<arith::ShLIOp>(loc, high, shift));
  }
  if (isa<FloatType>(type))
    return b.create<arith::BitcastOp>(loc, type, bits);
  return bits;
}

Value KernelContext::workgroupNumber() {
  Value x = b.create<mlir::gpu::BlockIdOp>(loc, mlir::gpu::Dimension::x);
  Value y = b.create<mlir::gpu::BlockIdOp>(loc, mlir::gpu::Dimension::y);
  Value gridX = b.create<mlir::gpu::GridDimOp>(loc, mlir::gpu::Dimension::x);
  return add(mul(y, gridX), x);
}

Value KernelContext::threadId(mlir::gpu::Dimension dimension) {
  return b.create<mlir::gpu::ThreadIdOp>(loc, dimension);
}

SmallVector<Value> KernelContext::delinearize(Value linear,
                                              ArrayRef<Value> sizes) {
  SmallVector<Value> indices(sizes.size());
  for (int64_t d = int64_t(sizes.size()) - 1; d >= 0; --d) {
    if (d == 0) {
      indices[d] = linear;
      break;
    }
    indices[d] = b.create<arith::RemUIOp>(loc, linear, sizes[d]);
    linear = b.create<arith::DivUIOp>(loc, linear, sizes[d]);
  }
  return indices;
}

Value KernelContext::address(Value offset, ArrayRef<Value> strides,
                             ArrayRef<Value> indices) {
  Value at = offset;
  for (auto [stride, i] : llvm::zip_equal(strides, indices))
    at = add(at, mul(i, stride));
  return at;
}

Value KernelContext::add(Value x, Value y) {
  return b.create<arith::AddIOp>(loc, x, y);
}
Value KernelContext::mul(Value x, Value y) {
  return b.create<arith::MulIOp>(loc, x, y);
}
Value KernelContext::less(Value x, Value y) {
  return b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ult, x, y);
}

SmallVector<Value> loopSizes(OpBuilder &b, linalg::LinalgOp op) {
  SmallVector<Value> sizes;
  for (Range range : op.createLoopRanges(b, op.getLoc()))
    sizes.push_back(getValueOrCreateConstantIndexOp(b, op.getLoc(), range.size));
  return sizes;
}

Value product(OpBuilder &b, Location loc, ArrayRef<Value> values) {
  Value result = b.create<arith::ConstantIndexOp>(loc, 1);
  for (Value value : values)
    result = b.create<arith::MulIOp>(loc, result, value);
  return result;
}

Value ceilDiv(OpBuilder &b, Location loc, Value x, int64_t divisor) {
  Value d = b.create<arith::ConstantIndexOp>(loc, divisor);
  Value bumped = b.create<arith::AddIOp>(
      loc, x, b.create<arith::ConstantIndexOp>(loc, divisor - 1));
  return b.create<arith::DivUIOp>(loc, bumped, d);
}

} // namespace rnnc::gpu
