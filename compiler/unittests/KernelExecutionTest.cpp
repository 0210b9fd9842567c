//===- KernelExecutionTest.cpp - generated kernels, run on a device -------===//
//
// Each test compiles one linalg op on buffers through rnn-gpu-outline-kernels
// and rnn-gpu-kernels-to-spirv, serialises the SPIR-V, loads it on the
// Vulkan device (lavapipe in CI) and launches the kernel with parameters
// laid out as rnnc/device/KernelABI.h says, on shapes that leave partial
// tiles and workgroups, then compares with plain C++: both GEMM kernels
// (tiled; a thread per output for a few rows) in their three forms, on
// strided views, an elementwise cluster with a
// transposed and a broadcast operand, loop indices and a captured
// constant, a fill of a view from a scalar operand, both reduction kernels
// (workgroup tree, a thread per point in order), a gather through a
// captured table with a captured scalar, a loop of row updates as one
// kernel (a scatter-add with repeated ids, in position order), and f64
// exp, log, tanh and rsqrt (rnn-gpu-expand-f64-math) against libm.
//
//===----------------------------------------------------------------------===//

#include "rnnc/GPU/Passes.h"
#include "rnnc/GPU/Serialization.h"
#include "rnnc/Registration.h"
#include "DeviceTestSupport.h"
#include "rnnc/device/KernelABI.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>

using namespace rnnc::device;
namespace kabi = rnnc::device::abi;


namespace {

/// The kernels of one function, compiled and loaded.
struct Compiled {
  std::vector<KernelId> launches; // the kernel of each launch, in order
};

class KernelExecutionTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    try {
      device = openDevice(0).release();
    } catch (const DeviceError &) {
      device = nullptr; // SetUp skips or fails each test, saying why
    }
  }
  void SetUp() override { RNNC_REQUIRE_DEVICE(); }
  static void TearDownTestSuite() {
    delete device;
    device = nullptr;
  }

  /// Compiles `source` (one func.func on memrefs) and loads its kernels.
  Compiled compile(const std::string &source) {
    mlir::DialectRegistry registry;
    rnnc::registerDialects(registry);
    mlir::MLIRContext context(registry);
    context.loadAllAvailableDialects();
    mlir::OwningOpRef<mlir::ModuleOp> module =
        mlir::parseSourceString<mlir::ModuleOp>(source, &context);
    EXPECT_TRUE(module) << source;
    if (!module)
      return {};
    mlir::PassManager pm(&context);
    pm.addPass(rnnc::createOutlineKernels());
    pm.addPass(rnnc::createExpandF64Math());
    pm.addPass(rnnc::createKernelsToSPIRV());
    EXPECT_TRUE(mlir::succeeded(pm.run(*module)));
    mlir::FailureOr<llvm::SmallVector<uint32_t>> words =
        rnnc::gpu::serializeKernels(*module);
    EXPECT_TRUE(mlir::succeeded(words));
    if (mlir::failed(words))
      return {};
    Compiled compiled;
    module->walk([&](mlir::gpu::LaunchFuncOp launch) {
      KernelDesc desc{launch.getKernelName().str(),
                      uint32_t(launch.getNumKernelOperands() - 1), true};
      compiled.launches.push_back(device->loadKernels(
          words->data(), words->size() * 4, {desc})[0]);
    });
    return compiled;
  }

  template <typename T> BufferId buffer(const std::vector<T> &values) {
    BufferId id = device->allocate(values.size() * sizeof(T), "test data");
    device->upload(id, 0, values.data(), values.size() * sizeof(T));
    return id;
  }
  template <typename T> std::vector<T> read(BufferId id, size_t count) {
    std::vector<T> values(count);
    device->download(id, 0, values.data(), count * sizeof(T));
    return values;
  }
  void run(KernelId kernel, uint32_t groupsX, uint32_t groupsY,
           std::vector<BufferId> buffers, std::vector<int32_t> params) {
    std::unique_ptr<CommandList> list = device->record();
    Dispatch dispatch{kernel, {groupsX, groupsY, 1}, {}, params};
    for (BufferId id : buffers)
      dispatch.buffers.push_back({id});
    list->dispatch(dispatch);
    list->finish();
    device->wait(device->submit(*list));
  }

  static std::vector<float> random(size_t count, unsigned seed) {
    std::mt19937 generator(seed);
    std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
    std::vector<float> values(count);
    for (float &v : values)
      v = uniform(generator);
    return values;
  }

  /// C[i, j] += sum_k A(i, k) B(k, j) through the GEMM kernel of `op`,
  /// with A and B stored as `op` reads them inside larger buffers (offset
  /// 3, padded rows), so that views' offsets and strides are exercised,
  /// on a shape that leaves partial tiles (70 x 45, K = 37).
  void checkGemm(const char *op, bool transposeA, bool transposeB);

  static Device *device;
};

Device *KernelExecutionTest::device = nullptr;

uint32_t groups(int64_t points, int64_t perGroup) {
  return uint32_t((points + perGroup - 1) / perGroup);
}

/// A reduction of each row of %a into %out whose body (%x the element,
/// %o the output) computes %r.
std::string rowReduction(const std::string &body) {
  return R"(
    func.func @f(%a: memref<?x?xf32>, %out: memref<?xf32>) {
      linalg.generic {
          indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>,
                           affine_map<(d0, d1) -> (d0)>],
          iterator_types = ["parallel", "reduction"]}
          ins(%a : memref<?x?xf32>) outs(%out : memref<?xf32>) {
      ^bb0(%x: f32, %o: f32):
)" + body + R"(
        linalg.yield %r : f32
      }
      return
    })";
}

int32_t floatBits(float value) {
  int32_t bits;
  std::memcpy(&bits, &value, 4);
  return bits;
}

void KernelExecutionTest::checkGemm(const char *op, bool transposeA,
                                    bool transposeB) {
  const int64_t m = 70, n = 45, k = 37, offset = 3, pad = 5;
  std::string source =
      std::string("func.func @f(%a: memref<?x?xf32>, %b: memref<?x?xf32>, "
                  "%c: memref<?x?xf32>) {\n  ") +
      op +
      " ins(%a, %b : memref<?x?xf32>, memref<?x?xf32>) outs(%c : "
      "memref<?x?xf32>)\n  return\n}\n";
  Compiled compiled = compile(source);
  // The thread-per-output kernel the host launches for a few rows, then
  // the tiles: both on the whole shape.
  ASSERT_EQ(compiled.launches.size(), 2u);
  // Stored shapes: A is [k, m] when transposed, B [n, k] when transposed.
  int64_t aRows = transposeA ? k : m, aColumns = transposeA ? m : k;
  int64_t bRows = transposeB ? n : k, bColumns = transposeB ? k : n;
  int64_t aStride = aColumns + pad, bStride = bColumns + pad;
  std::vector<float> a = random(offset + aRows * aStride, 1);
  std::vector<float> b = random(offset + bRows * bStride, 2);
  std::vector<float> c = random(m * n, 3);
  auto A = [&](int64_t i, int64_t kk) {
    return transposeA ? a[offset + kk * aStride + i]
                      : a[offset + i * aStride + kk];
  };
  auto B = [&](int64_t kk, int64_t j) {
    return transposeB ? b[offset + j * bStride + kk]
                      : b[offset + kk * bStride + j];
  };
  // The logical strides: along i and k for A, along k and j for B.
  std::vector<int32_t> params(kabi::kGemmParams);
  params[kabi::kGemmM] = m;
  params[kabi::kGemmN] = n;
  params[kabi::kGemmK] = k;
  params[kabi::kGemmOffsetA] = offset;
  params[kabi::kGemmStrideAI] = transposeA ? 1 : aStride;
  params[kabi::kGemmStrideAK] = transposeA ? aStride : 1;
  params[kabi::kGemmOffsetB] = offset;
  params[kabi::kGemmStrideBK] = transposeB ? 1 : bStride;
  params[kabi::kGemmStrideBJ] = transposeB ? bStride : 1;
  params[kabi::kGemmOffsetC] = 0;
  params[kabi::kGemmStrideCI] = n;
  params[kabi::kGemmStrideCJ] = 1;
  for (int kernel = 0; kernel < 2; ++kernel) {
    BufferId ba = buffer(a), bb = buffer(b), bc = buffer(c);
    if (kernel == 0)
      run(compiled.launches[0], groups(n, kabi::kWorkgroupSize), uint32_t(m),
          {ba, bb, bc}, params);
    else
      run(compiled.launches[1], groups(n, kabi::kGemmTile),
          groups(m, kabi::kGemmTile), {ba, bb, bc}, params);
    std::vector<float> got = read<float>(bc, m * n);
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j) {
        double want = c[i * n + j];
        for (int64_t kk = 0; kk < k; ++kk)
          want += double(A(i, kk)) * B(kk, j);
        ASSERT_NEAR(got[i * n + j], want, 1e-4 * (1 + std::fabs(want)))
            << op << " kernel " << kernel << " at " << i << ", " << j;
      }
  }
}

TEST_F(KernelExecutionTest, GemmMatchesLoops) {
  checkGemm("linalg.matmul", false, false);
}
TEST_F(KernelExecutionTest, GemmTransposeAMatchesLoops) {
  checkGemm("linalg.matmul_transpose_a", true, false);
}
TEST_F(KernelExecutionTest, GemmTransposeBMatchesLoops) {
  checkGemm("linalg.matmul_transpose_b", false, true);
}

/// out[i, j] = sigmoid(a[j, i]) * tanh(b[j]) * half + i + out[i, j]: a
/// transposed operand, a broadcast one, a loop index, a constant captured
/// from outside the body, an output read; 33 x 70 points, ten workgroups.
TEST_F(KernelExecutionTest, ElementwiseMatchesLoops) {
  const char *source = R"(
    func.func @f(%a: memref<?x?xf32>, %b: memref<?xf32>, %out: memref<?x?xf32>) {
      %half = arith.constant 0.5 : f32
      linalg.generic {
          indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>,
                           affine_map<(d0, d1) -> (d1)>,
                           affine_map<(d0, d1) -> (d0, d1)>],
          iterator_types = ["parallel", "parallel"]}
          ins(%a, %b : memref<?x?xf32>, memref<?xf32>)
          outs(%out : memref<?x?xf32>) {
      ^bb0(%x: f32, %y: f32, %o: f32):
        %i = linalg.index 0 : index
        %i32 = arith.index_cast %i : index to i32
        %fi = arith.sitofp %i32 : i32 to f32
        %one = arith.constant 1.0 : f32
        %nx = arith.negf %x : f32
        %e = math.exp %nx : f32
        %d = arith.addf %one, %e : f32
        %sig = arith.divf %one, %d : f32
        %t = math.tanh %y : f32
        %p = arith.mulf %sig, %t : f32
        %h = arith.mulf %p, %half : f32
        %q = arith.addf %h, %fi : f32
        %r = arith.addf %q, %o : f32
        linalg.yield %r : f32
      }
      return
    })";
  Compiled compiled = compile(source);
  ASSERT_EQ(compiled.launches.size(), 1u);
  const int32_t rows = 33, columns = 70, points = rows * columns;
  std::vector<float> a = random(columns * rows, 4), b = random(columns, 5),
                     out = random(points, 6);
  // Buffers a, b, out; parameters: points, reduced, loop sizes, then each
  // buffer's offset and strides.
  std::vector<int32_t> params = {points, 1, rows, columns, 0, rows, 1,
                                 0,      1, 0,    columns, 1};
  BufferId ba = buffer(a), bb = buffer(b), bo = buffer(out);
  run(compiled.launches[0], groups(points, kabi::kWorkgroupSize), 1,
      {ba, bb, bo}, params);
  std::vector<float> got = read<float>(bo, points);
  for (int32_t i = 0; i < rows; ++i)
    for (int32_t j = 0; j < columns; ++j) {
      double sig = 1 / (1 + std::exp(-double(a[j * rows + i])));
      double want = sig * std::tanh(double(b[j])) * 0.5 + i + out[i * columns + j];
      ASSERT_NEAR(got[i * columns + j], want, 1e-5 * (1 + std::fabs(want)))
          << i << ", " << j;
    }
}

/// Row reductions, sums of squares (add) and maxima (maximumf), of 300
/// values a row on 19 rows, through both kernels the host chooses from:
/// the workgroup tree (launched first, for long rows) and a thread per row.
TEST_F(KernelExecutionTest, ReductionsCombineInWorkgroupsOrLoop) {
  for (const char *combine : {"arith.addf", "arith.maximumf"}) {
    Compiled compiled = compile(rowReduction(
        std::string("%s = arith.mulf %x, %x : f32\n%r = ") + combine +
        " %s, %o : f32"));
    ASSERT_EQ(compiled.launches.size(), 2u);
    const int32_t rows = 19, columns = 300;
    std::vector<float> a = random(rows * columns, 7), out = random(rows, 8);
    std::vector<int32_t> params = {rows, columns, rows, columns,
                                   0,    columns, 1,    0, 1};
    bool sum = std::string(combine) == "arith.addf";
    for (int kernel = 0; kernel < 2; ++kernel) {
      BufferId ba = buffer(a), bo = buffer(out);
      uint32_t groupCount =
          kernel == 0 ? uint32_t(rows) : groups(rows, kabi::kWorkgroupSize);
      run(compiled.launches[kernel], groupCount, 1, {ba, bo}, params);
      std::vector<float> got = read<float>(bo, rows);
      for (int32_t i = 0; i < rows; ++i) {
        double want = out[i];
        for (int32_t j = 0; j < columns; ++j) {
          double s = double(a[i * columns + j]) * a[i * columns + j];
          want = sum ? want + s : std::max(want, s);
        }
        ASSERT_NEAR(got[i], want, 1e-4 * (1 + std::fabs(want)))
            << combine << " kernel " << kernel << " row " << i;
      }
    }
  }
}

/// A fill of a view at an offset (rows 2..4 of a 6 x 5 buffer): the fill
/// value is a scalar operand, whose word follows the buffers' (the order
/// the host writes them in).
TEST_F(KernelExecutionTest, FillsAViewFromAScalarOperand) {
  const char *source = R"(
    func.func @f(%value: f32, %out: memref<?x?xf32, strided<[?, 1], offset: ?>>) {
      linalg.fill ins(%value : f32) outs(%out : memref<?x?xf32, strided<[?, 1], offset: ?>>)
      return
    })";
  Compiled compiled = compile(source);
  ASSERT_EQ(compiled.launches.size(), 1u);
  const int32_t columns = 5, first = 2, rows = 3;
  std::vector<float> out(6 * columns, -1.0f);
  BufferId bo = buffer(out);
  std::vector<int32_t> params = {rows * columns, 1, rows, columns,
                                 first * columns, columns, 1, floatBits(2.5f)};
  run(compiled.launches[0], 1, 1, {bo}, params);
  std::vector<float> got = read<float>(bo, out.size());
  for (int32_t i = 0; i < 6; ++i)
    for (int32_t j = 0; j < columns; ++j)
      ASSERT_EQ(got[i * columns + j], i >= first && i < first + rows ? 2.5f : -1.0f)
          << i << ", " << j;
}

/// A reduction whose body is not `combine(f(x), out)` runs in order, a
/// thread per output point: out = out * 0.5 + x, exactly as the loop
/// computes it.
TEST_F(KernelExecutionTest, OtherReductionsRunInOrder) {
  Compiled compiled = compile(rowReduction("%half = arith.constant 0.5 : f32\n"
                                           "%h = arith.mulf %o, %half : f32\n"
                                           "%r = arith.addf %h, %x : f32"));
  ASSERT_EQ(compiled.launches.size(), 1u);
  const int32_t rows = 5, columns = 40;
  std::vector<float> a = random(rows * columns, 9), out = random(rows, 10);
  std::vector<int32_t> params = {rows, columns, rows, columns,
                                 0,    columns, 1,    0, 1};
  BufferId ba = buffer(a), bo = buffer(out);
  run(compiled.launches[0], 1, 1, {ba, bo}, params);
  std::vector<float> got = read<float>(bo, rows);
  for (int32_t i = 0; i < rows; ++i) {
    float want = out[i];
    for (int32_t j = 0; j < columns; ++j)
      want = want * 0.5f + a[i * columns + j];
    ASSERT_FLOAT_EQ(got[i], want) << "row " << i;
  }
}

/// out[i, j] = table[ids[i], j] * scale: an embedding's gather, the table a
/// buffer the body captures (after the op's operands), the scale a
/// captured scalar (the last parameter word).
TEST_F(KernelExecutionTest, GathersThroughCapturedBuffers) {
  const char *source = R"(
    func.func @f(%ids: memref<?xi32>, %table: memref<?x?xf32>, %scale: f32,
                 %out: memref<?x?xf32>) {
      linalg.generic {
          indexing_maps = [affine_map<(d0, d1) -> (d0)>,
                           affine_map<(d0, d1) -> (d0, d1)>],
          iterator_types = ["parallel", "parallel"]}
          ins(%ids : memref<?xi32>) outs(%out : memref<?x?xf32>) {
      ^bb0(%id: i32, %o: f32):
        %j = linalg.index 1 : index
        %row = arith.index_cast %id : i32 to index
        %v = memref.load %table[%row, %j] : memref<?x?xf32>
        %w = arith.mulf %v, %scale : f32
        linalg.yield %w : f32
      }
      return
    })";
  Compiled compiled = compile(source);
  ASSERT_EQ(compiled.launches.size(), 1u);
  const int32_t tokens = 9, vocabulary = 6, width = 20;
  std::vector<int32_t> ids = {5, 0, 3, 3, 1, 4, 2, 5, 0};
  std::vector<float> table = random(vocabulary * width, 11);
  const float scale = 1.5f;
  // Buffers: ids, out (the operands), table (captured).
  std::vector<int32_t> params = {tokens * width, 1, tokens, width, 0, 1,
                                 0, width, 1, 0, width, 1, floatBits(scale)};
  BufferId bi = buffer(ids), bt = buffer(table),
           bo = device->allocate(tokens * width * sizeof(float), "out");
  run(compiled.launches[0], groups(tokens * width, kabi::kWorkgroupSize), 1,
      {bi, bo, bt}, params);
  std::vector<float> got = read<float>(bo, tokens * width);
  for (int32_t t = 0; t < tokens; ++t)
    for (int32_t j = 0; j < width; ++j)
      ASSERT_EQ(got[t * width + j], table[ids[t] * width + j] * scale)
          << t << ", " << j;
}

/// A loop of row updates is one kernel (row_loop): table[ids[p], :] +=
/// d[p, :] over the positions in order, ids repeated and one out of range,
/// as the loop computes it (a repeated id adds its rows in order).
TEST_F(KernelExecutionTest, ARowLoopScattersInPositionOrder) {
  const char *source = R"(
    func.func @f(%ids: memref<?xi32>, %d: memref<?x64xf32>, %rows: index) -> memref<?x64xf32> {
      %c0 = arith.constant 0 : index
      %c1 = arith.constant 1 : index
      %n = memref.dim %ids, %c0 : memref<?xi32>
      %t = memref.alloc(%rows) : memref<?x64xf32>
      scf.for %p = %c0 to %n step %c1 {
        %id32 = memref.load %ids[%p] : memref<?xi32>
        %id = arith.index_cast %id32 : i32 to index
        %low = arith.cmpi sge, %id, %c0 : index
        %high = arith.cmpi slt, %id, %rows : index
        %in = arith.andi %low, %high : i1
        scf.if %in {
          %g = memref.subview %d[%p, 0] [1, 64] [1, 1] : memref<?x64xf32> to memref<64xf32, strided<[1], offset: ?>>
          %a = memref.subview %t[%id, 0] [1, 64] [1, 1] : memref<?x64xf32> to memref<64xf32, strided<[1], offset: ?>>
          linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>],
                          iterator_types = ["parallel"]}
              ins(%g, %a : memref<64xf32, strided<[1], offset: ?>>, memref<64xf32, strided<[1], offset: ?>>)
              outs(%a : memref<64xf32, strided<[1], offset: ?>>) {
          ^bb0(%x: f32, %y: f32, %o: f32):
            %s = arith.addf %x, %y : f32
            linalg.yield %s : f32
          }
        }
      }
      return %t : memref<?x64xf32>
    })";
  Compiled compiled = compile(source);
  ASSERT_EQ(compiled.launches.size(), 1u);
  const int32_t positions = 10, rows = 4, width = 64;
  std::vector<int32_t> ids = {3, 0, 3, 3, 1, 7, 0, 2, 3, -1};
  std::vector<float> d = random(positions * width, 12);
  // Buffers in the order the loop first uses them: ids, d, the table;
  // then the captured scalar (the row count).
  std::vector<int32_t> params = {width, 0, positions, 1, 0, 1,
                                 0,     width, 1, 0, width, 1, rows};
  BufferId bi = buffer(ids), bd = buffer(d),
           bt = buffer(std::vector<float>(rows * width, 0.0f));
  run(compiled.launches[0], 1, 1, {bi, bd, bt}, params);
  std::vector<float> want(rows * width, 0.0f);
  for (int32_t p = 0; p < positions; ++p)
    if (ids[p] >= 0 && ids[p] < rows)
      for (int32_t j = 0; j < width; ++j)
        want[ids[p] * width + j] += d[p * width + j];
  EXPECT_EQ(read<float>(bt, rows * width), want);
}

/// f64 exp, log, tanh and rsqrt in kernels, expanded into f64 arithmetic
/// (GLSL.std.450 has them in 32 bits only), within a few units in the last
/// place of libm's over their ranges, with IEEE's special values.
TEST_F(KernelExecutionTest, F64MathMatchesLibm) {
  if (!device->info().float64)
    GTEST_SKIP() << device->info().name << " has no f64 kernels";
  auto check = [&](const char *op, double (*reference)(double),
                   std::vector<double> xs, double tolerance) {
    std::string source = std::string(R"(
      func.func @f(%x: memref<?xf64>, %y: memref<?xf64>) {
        linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>],
                        iterator_types = ["parallel"]}
            ins(%x : memref<?xf64>) outs(%y : memref<?xf64>) {
        ^bb0(%a: f64, %o: f64):
          %r = math.)") + op + R"( %a : f64
          linalg.yield %r : f64
        }
        return
      })";
    Compiled compiled = compile(source);
    ASSERT_EQ(compiled.launches.size(), 1u);
    auto n = int32_t(xs.size());
    BufferId bx = buffer(xs), by = buffer(std::vector<double>(xs.size(), 0.0));
    run(compiled.launches[0], groups(n, kabi::kWorkgroupSize), 1, {bx, by},
        {n, 1, n, 0, 1, 0, 1});
    std::vector<double> got = read<double>(by, xs.size());
    for (size_t i = 0; i < xs.size(); ++i) {
      double want = reference(xs[i]);
      if (std::isnan(want)) {
        EXPECT_TRUE(std::isnan(got[i])) << op << "(" << xs[i] << ")";
      } else if (std::isinf(want) || want == 0) {
        EXPECT_EQ(got[i], want) << op << "(" << xs[i] << ")";
      } else {
        EXPECT_LE(std::abs(got[i] - want), tolerance * std::abs(want))
            << op << "(" << xs[i] << ") = " << got[i] << ", libm " << want;
      }
    }
  };
  std::vector<double> wide, positive, any;
  for (double x = -745.0; x <= 709.0; x += 1.37)
    wide.push_back(x);
  wide.insert(wide.end(), {0.0, 1e-300, -1e-12, 0.5, -800.0, 800.0});
  for (double x = 1e-310; x < 1e300; x *= 3.7)
    positive.push_back(x);
  positive.insert(positive.end(), {1.0, 2.0, M_SQRT2, 0.9999999, 1.0000001});
  for (double x = -25.0; x <= 25.0; x += 0.0137)
    any.push_back(x);
  any.insert(any.end(), {0.0, 1e-9, -1e-9, 0.124999, 0.125, 300.0, -300.0});
  std::vector<double> logs = positive;
  logs.insert(logs.end(), {0.0, -1.0, INFINITY, NAN});
  check("exp", [](double x) { return std::exp(x); }, wide, 4e-15);
  check("log", [](double x) { return std::log(x); }, logs, 4e-15);
  check("tanh", [](double x) { return std::tanh(x); }, any, 4e-15);
  std::vector<double> roots = positive;
  roots.insert(roots.end(), {0.0, -4.0, INFINITY});
  check("rsqrt", [](double x) { return 1 / std::sqrt(x); }, roots, 4e-15);
}

} // namespace
