//===- Driver.cpp - what the rnnc subcommands do
//---------------------------===//
//
// Loads a model (.rnn through the frontend, .mlir through the MLIR parser)
// into the rnn dialect with source-located diagnostics, verifies it and
// emits the requested form. See Driver.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/Driver.h"
#include "CompilerContext.h"
#include "TwinBuild.h"
#include "rnnc/Target/TargetCPU.h"
#include "RNN/IR/RNNOps.h"
#include "rnnc/Frontend/Frontend.h"
#include "rnnc/Registration.h"
#include "rnnc/GPU/Serialization.h"
#include "rnnc/Target/NativeCode.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Support/Timing.h"
#include "mlir/Support/ToolUtilities.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <deque>
#include <thread>

#include <cstdlib>

namespace {

/// A pass that fails without a word: RNNC_TEST_FAULT=silent-pass adds one
/// to the pipeline, to test the message runPasses gives.
struct SilentFailure
    : mlir::PassWrapper<SilentFailure, mlir::OperationPass<mlir::ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(SilentFailure)
  void runOnOperation() override { signalPassFailure(); }
};

/// Runs `pm` on `module`: Success; UserError when it fails having reported
/// why (the source manager's handler prints it); InternalError, with a
/// message naming `what`, when a pass failed without reporting anything.
rnnc::ExitCode runPasses(mlir::PassManager &pm, mlir::ModuleOp module,
                         llvm::StringRef what) {
  bool reported = false;
  mlir::ScopedDiagnosticHandler watch(
      module.getContext(), [&](mlir::Diagnostic &diagnostic) {
        reported |= diagnostic.getSeverity() == mlir::DiagnosticSeverity::Error;
        return mlir::failure(); // on to the handler that prints it
      });
  if (const char *fault = std::getenv("RNNC_TEST_FAULT");
      fault && llvm::StringRef(fault) == "silent-pass")
    pm.addPass(std::make_unique<SilentFailure>());
  if (mlir::succeeded(pm.run(module)))
    return rnnc::Success;
  if (reported)
    return rnnc::UserError;
  llvm::errs() << "rnnc: internal error: " << what
               << " failed without a diagnostic (a pass gave up without "
                  "saying why); please report it with the model\n";
  return rnnc::InternalError;
}

} // namespace

using namespace rnnc;

namespace {
enum class InputKind { RNN, MLIR };
} // namespace

/// Prints `rnnc: error: message` for problems that have no source location.
static int reportError(const llvm::Twine &message) {
  llvm::WithColor::error(llvm::errs(), "rnnc") << message << "\n";
  return UserError;
}

static std::optional<InputKind> inputKindOf(const std::string &path) {
  llvm::StringRef extension = llvm::sys::path::extension(path);
  if (extension == ".rnn")
    return InputKind::RNN;
  if (extension == ".mlir")
    return InputKind::MLIR;
  reportError("cannot compile '" + path + "': unknown input kind '" +
              extension + "' (expected a .rnn model or a .mlir file)");
  return std::nullopt;
}

static std::unique_ptr<llvm::MemoryBuffer> readInput(const std::string &path) {
  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> buffer =
      mlir::openInputFile(path, &error);
  if (!buffer)
    reportError("cannot read '" + path + "': " + error);
  return buffer;
}

/// Parses `-D NAME=VALUE` overrides; reports the first malformed one.
static std::optional<std::vector<sema::ConstOverride>>
parseDefines(const std::vector<std::string> &defines) {
  std::vector<sema::ConstOverride> overrides;
  for (const std::string &define : defines) {
    std::string error;
    std::optional<sema::ConstOverride> o =
        sema::parseConstOverride(define, error);
    if (!o) {
      reportError(error);
      return std::nullopt;
    }
    overrides.push_back(*o);
  }
  return overrides;
}

/// Loads the main buffer of `sourceMgr` as a module. Diagnostics have been
/// reported through the context's handler when this returns null.
static mlir::OwningOpRef<mlir::ModuleOp>
loadModule(InputKind kind, llvm::SourceMgr &sourceMgr,
           mlir::MLIRContext &context,
           llvm::ArrayRef<sema::ConstOverride> overrides) {
  if (kind == InputKind::RNN)
    return frontend::importModel(sourceMgr, context, overrides);
  mlir::ParserConfig config(&context);
  return mlir::parseSourceFile<mlir::ModuleOp>(sourceMgr, config);
}

/// Checks one buffer; with `verify`, against its expected-* annotations.
static mlir::LogicalResult
checkBuffer(std::unique_ptr<llvm::MemoryBuffer> buffer, InputKind kind,
            bool verify, llvm::ArrayRef<sema::ConstOverride> overrides) {
  CompilerContext compiler;
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
  if (verify) {
    mlir::SourceMgrDiagnosticVerifierHandler handler(sourceMgr,
                                                     &compiler.context);
    (void)loadModule(kind, sourceMgr, compiler.context, overrides);
    return handler.verify();
  }
  mlir::SourceMgrDiagnosticHandler handler(sourceMgr, &compiler.context);
  return mlir::success(static_cast<bool>(
      loadModule(kind, sourceMgr, compiler.context, overrides)));
}

int rnnc::runCheck(const CheckOptions &options) {
  std::optional<InputKind> kind = inputKindOf(options.inputFile);
  std::optional<std::vector<sema::ConstOverride>> overrides =
      parseDefines(options.defines);
  if (!kind || !overrides)
    return UserError;
  std::unique_ptr<llvm::MemoryBuffer> buffer = readInput(options.inputFile);
  if (!buffer)
    return UserError;
  auto checkChunk = [&](std::unique_ptr<llvm::MemoryBuffer> chunk,
                        llvm::raw_ostream &) {
    return checkBuffer(std::move(chunk), *kind, options.verifyDiagnostics,
                       *overrides);
  };
  mlir::LogicalResult result =
      options.splitInputFile ? mlir::splitAndProcessBuffer(
                                   std::move(buffer), checkChunk, llvm::outs())
                             : checkChunk(std::move(buffer), llvm::outs());
  return mlir::succeeded(result) ? Success : UserError;
}

/// The phase the pipeline runs to: --emit=bptt is --compile-to=bptt, and
/// native output needs the whole pipeline.
static Phase phaseOf(const CompileOptions &options) {
  switch (options.emit) {
  case EmitKind::AST:
  case EmitKind::RNN:
    return options.phase;
  case EmitKind::BPTT:
    return Phase::BPTT;
  case EmitKind::Lowered:
    return Phase::Lowered;
  case EmitKind::SPIRV:
  case EmitKind::PTX:
    return Phase::Kernels;
  case EmitKind::LLVM:
  case EmitKind::Object:
  case EmitKind::Executable:
  case EmitKind::SharedLibrary:
  case EmitKind::StaticLibrary:
  case EmitKind::Torch:
    return Phase::LLVM;
  }
  return options.phase;
}

/// The dtype the model's train block asks for ("" when it names none).
static std::string modelDType(mlir::ModuleOp module) {
  std::string dtype;
  module.walk([&](mlir::rnn::ModelOp model) {
    if (auto train = model->getAttrOfType<mlir::DictionaryAttr>("train"))
      if (auto d = train.getAs<mlir::StringAttr>("dtype"))
        dtype = d.getValue().str();
  });
  return dtype;
}

/// A cell module (no train block, targets or loss) compiles for PyTorch
/// only: anything past the rnn dialect is refused with a one-line error.
static ExitCode refuseCellModule(mlir::ModuleOp module, EmitKind emit) {
  if (emit == EmitKind::AST || emit == EmitKind::RNN)
    return Success;
  bool cellModule = false;
  std::string name;
  module.walk([&](mlir::rnn::ModelOp model) {
    cellModule |= model->hasAttr("cell_module");
    name = model.getSymName().str();
  });
  if (!cellModule)
    return Success;
  reportError("model '" + name +
              "' is a cell module (no train block, targets or loss): "
              "compile it with --emit=torch, or give it a task and a loss");
  return UserError;
}

/// "rnnc 0.1.0 -O3 --dtype=f32 --unroll=none --layers=onednn": recorded in
/// the manifest.
static std::string describeCompilation(const CompileOptions &options,
                                       const PipelineOptions &pipeline) {
  return "rnnc " RNNC_VERSION_STRING " -O" + std::to_string(options.optLevel) +
         " " + describeOptions(pipeline) + " --cpu=" + options.cpu;
}

/// Writes text to `path` ("" or "-" for stdout).
static int writeText(const std::string &path,
                     llvm::function_ref<void(llvm::raw_ostream &)> write) {
  std::string target = path.empty() ? "-" : path;
  std::string error;
  std::unique_ptr<llvm::ToolOutputFile> output =
      mlir::openOutputFile(target, &error);
  if (!output)
    return reportError("cannot write '" + target + "': " + error);
  write(output->os());
  output->keep();
  return Success;
}

/// The llvm phase's `module` as LLVM IR, timed; null after a diagnostic.
static std::unique_ptr<llvm::Module>
timedTranslation(mlir::ModuleOp module, llvm::LLVMContext &context,
                 mlir::TimingScope &timing) {
  mlir::TimingScope translation = timing.nest("translation to LLVM IR");
  return translateToLLVMIR(module, context);
}

/// The llvm phase's `module` as optimised LLVM IR; null after a diagnostic.
static std::unique_ptr<llvm::Module>
optimizedLLVMIR(mlir::ModuleOp module, llvm::LLVMContext &context,
                unsigned optLevel, mlir::TimingScope &timing) {
  std::unique_ptr<llvm::Module> llvmModule =
      timedTranslation(module, context, timing);
  if (!llvmModule)
    return nullptr;
  mlir::TimingScope middleEnd = timing.nest("LLVM middle end");
  std::string error;
  if (mlir::failed(optimizeModule(*llvmModule, optLevel, error))) {
    module.emitError() << error;
    return nullptr;
  }
  return llvmModule;
}

/// LLVM IR or an object file: one module, the f64 build `twin` (null for
/// an f64 model) joined to it.
static int emitModule(mlir::ModuleOp module, mlir::ModuleOp twin,
                      const CompileOptions &options,
                      mlir::TimingScope &timing) {
  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      optimizedLLVMIR(module, llvmContext, options.optLevel, timing);
  if (!llvmModule)
    return UserError;
  std::unique_ptr<llvm::Module> llvmTwin;
  if (twin) {
    mlir::TimingScope twinTiming = timing.nest("f64 build, LLVM IR");
    if (!(llvmTwin = optimizedLLVMIR(twin, llvmContext, kTwinOptLevel,
                                     twinTiming)))
      return UserError;
  }
  std::string error;
  if (mlir::failed(linkF64Twin(*llvmModule, std::move(llvmTwin), error)))
    return reportError(error);
  if (options.emit == EmitKind::LLVM)
    return writeText(options.outputFile, [&](llvm::raw_ostream &os) {
      llvmModule->print(os, nullptr);
    });

  std::string path =
      options.outputFile.empty()
          ? (llvm::sys::path::stem(options.inputFile) + ".o").str()
          : options.outputFile;
  std::unique_ptr<llvm::ToolOutputFile> output =
      mlir::openOutputFile(path, &error);
  if (!output)
    return reportError("cannot write '" + path + "': " + error);
  mlir::TimingScope codegen = timing.nest("code generation");
  if (mlir::failed(
          emitObject(*llvmModule, output->os(), options.optLevel, error)))
    return reportError(error);
  output->keep();
  return Success;
}

static bool isLibrary(EmitKind kind) {
  return kind == EmitKind::SharedLibrary || kind == EmitKind::StaticLibrary;
}

/// The model's name and task, from the rnn.model attribute.
static std::pair<std::string, std::string> modelIdentity(mlir::ModuleOp module,
                                                         llvm::StringRef stem) {
  std::string name = stem.str(), task = "language_model";
  if (auto model = module->getAttrOfType<mlir::DictionaryAttr>("rnn.model")) {
    if (auto n = model.getAs<mlir::StringAttr>("name"))
      name = n.getValue().str();
    if (auto t = model.getAs<mlir::StringAttr>("task"))
      task = t.getValue().str();
  }
  return {name, task};
}

/// An executable or a library: the model compiled in parts, one per core
/// (two at most: train_step is most of the code), linked with the runtime.
/// An executable carries the f64 build `twinBuild` (null for an f64
/// model), under way on its own thread since the start; a library has no
/// gradcheck and no f64 build.
/// A PyTorch module's two files, from -o (`dir/NAME` or `dir/NAME.py`;
/// default: the model file's stem): `dir/NAME.py` and `dir/NAME_rnnc.so`
/// (not `NAME.so`, which Python would import as an extension module).
static std::pair<std::string, std::string>
torchModulePaths(const std::string &output, llvm::StringRef stem) {
  llvm::SmallString<128> base(output.empty() ? stem : llvm::StringRef(output));
  if (llvm::sys::path::extension(base) == ".py")
    llvm::sys::path::replace_extension(base, "");
  return {(base + ".py").str(), (base + "_rnnc.so").str()};
}

static int emitLinked(mlir::ModuleOp module, TwinBuild *twinBuild,
                      const CompileOptions &options,
                      mlir::TimingScope &timing) {
  llvm::StringRef stem = llvm::sys::path::stem(options.inputFile);
  bool library = isLibrary(options.emit) || options.emit == EmitKind::Torch;
  std::string path = options.outputFile;
  std::string pythonFile;
  if (options.emit == EmitKind::Torch && path != "-")
    std::tie(pythonFile, path) = torchModulePaths(path, stem);
  if (path.empty())
    path = !library ? stem.str()
           : options.emit == EmitKind::SharedLibrary
               ? ("lib" + stem + ".so").str()
               : ("lib" + stem + ".a").str();
  if (path == "-")
    return reportError(std::string(library ? "a library" : "an executable") +
                       " cannot be written to stdout; use -o");
  auto [modelName, task] = modelIdentity(module, stem);

  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      timedTranslation(module, llvmContext, timing);
  if (!llvmModule)
    return UserError;
  std::string error;
  // An f64 model is its own f64 build: its `_f64` names are aliases.
  if (!library && !twinBuild &&
      mlir::failed(linkF64Twin(*llvmModule, nullptr, error)))
    return reportError(error);

  unsigned parts = std::thread::hardware_concurrency() > 1 ? 2 : 1;
  std::vector<std::string> objects;
  std::deque<llvm::FileRemover> removeObjects;
  for (unsigned part = 0; part < parts; ++part) {
    llvm::SmallString<128> object;
    if (llvm::sys::fs::createTemporaryFile("rnnc-" + stem, "o", object))
      return reportError("cannot create a temporary object file");
    removeObjects.emplace_back(object);
    objects.push_back(object.str().str());
  }
  {
    mlir::TimingScope backEnd =
        timing.nest("LLVM middle end and code generation");
    if (mlir::failed(
            compileInParallel(*llvmModule, objects, options.optLevel, error)))
      return reportError(error);
  }
  if (twinBuild) {
    mlir::TimingScope wait = timing.nest("waiting for the f64 build");
    if (std::string failure = twinBuild->wait(); !failure.empty())
      return reportError(failure);
    objects.push_back(twinBuild->objectFile());
  }
  mlir::TimingScope link = timing.nest("linking");
  if (options.emit == EmitKind::Torch) {
    if (mlir::failed(linkLibrary(objects, path, LibraryKind::Torch,
                                 torchApiFunctions(), error)) ||
        mlir::failed(writeTorchModule(
            pythonFile, llvm::sys::path::filename(path).str(), error)))
      return reportError(error);
    return Success;
  }
  if (!library) {
    DeviceRuntime device =
        options.pipeline.target == Target::Vulkan ? DeviceRuntime::Vulkan
        : options.pipeline.target == Target::CUDA ? DeviceRuntime::CUDA
                                                  : DeviceRuntime::None;
    if (mlir::failed(linkExecutable(objects, path, device, error)))
      return reportError(error);
    return Success;
  }
  LibraryKind kind = options.emit == EmitKind::SharedLibrary
                         ? LibraryKind::Shared
                         : LibraryKind::Static;
  if (mlir::failed(
          linkLibrary(objects, path, kind, libraryApiFunctions(), error)) ||
      mlir::failed(writeLibraryHeader(libraryHeaderPath(path), modelName,
                                      task, path, error)))
    return reportError(error);
  return Success;
}

/// What each target can produce so far: the GPU targets build
/// executables (and their IR and objects), not yet libraries.
static mlir::LogicalResult checkTargetCanEmit(const CompileOptions &options) {
  bool vulkan = options.pipeline.target == Target::Vulkan;
  bool cuda = options.pipeline.target == Target::CUDA;
  std::string target = targetName(options.pipeline.target).str();
  if ((vulkan || cuda) && isLibrary(options.emit)) {
    reportError("--target=" + target + " builds executables; --emit=lib and "
                "--emit=staticlib are CPU-only so far");
    return mlir::failure();
  }
  if ((vulkan || cuda) && options.pipeline.libraryLayers) {
    reportError("--layers=onednn runs layers on oneDNN, on the CPU: use "
                "--layers=generated with --target=" + target);
    return mlir::failure();
  }
  if (options.emit == EmitKind::Torch && (vulkan || cuda)) {
    reportError("--emit=torch runs on the CPU so far: use --target=cpu");
    return mlir::failure();
  }
  if (options.emit == EmitKind::Torch && options.pipeline.libraryLayers) {
    reportError("--emit=torch derives every layer's backward from its "
                "scan: use --layers=generated");
    return mlir::failure();
  }
  if (!cuda && options.emit == EmitKind::PTX) {
    reportError("--emit=ptx needs --target=cuda");
    return mlir::failure();
  }
  if (!vulkan && options.emit == EmitKind::SPIRV) {
    reportError("--emit=spirv needs --target=vulkan");
    return mlir::failure();
  }
  return mlir::success();
}

/// The kernels' SPIR-V binary to `path` (stdout refused: it is binary).
static int writeSPIRV(mlir::ModuleOp module, const std::string &path) {
  if (path.empty() || path == "-")
    return reportError("--emit=spirv writes a binary: name the file with -o");
  mlir::FailureOr<llvm::SmallVector<uint32_t>> words =
      gpu::serializeKernels(module);
  if (mlir::failed(words))
    return UserError;
  std::string error;
  std::unique_ptr<llvm::ToolOutputFile> output =
      mlir::openOutputFile(path, &error);
  if (!output)
    return reportError("cannot write '" + path + "': " + error);
  output->os().write(reinterpret_cast<const char *>(words->data()),
                     words->size() * sizeof(uint32_t));
  output->keep();
  return Success;
}

/// The kernels' PTX, one file per architecture: `path` K.ptx (or K) gives
/// K.sm_80.ptx and K.sm_90.ptx (stdout refused: ptxas reads one target a
/// file).
static int writePTX(mlir::ModuleOp module, const std::string &path) {
  if (path.empty() || path == "-")
    return reportError("--emit=ptx writes one file per architecture: name "
                       "them with -o K.ptx");
  llvm::SmallString<128> base(path);
  if (llvm::sys::path::extension(base) == ".ptx")
    llvm::sys::path::replace_extension(base, "");
  auto texts = gpu::kernelPTX(module);
  if (mlir::failed(texts))
    return UserError;
  for (const auto &[chip, text] : *texts) {
    std::string file = (base + "." + chip + ".ptx").str();
    std::string error;
    std::unique_ptr<llvm::ToolOutputFile> output =
        mlir::openOutputFile(file, &error);
    if (!output)
      return reportError("cannot write '" + file + "': " + error);
    output->os() << text;
    output->keep();
  }
  return Success;
}

int rnnc::runCompile(const CompileOptions &options) {
  std::optional<InputKind> kind = inputKindOf(options.inputFile);
  std::optional<std::vector<sema::ConstOverride>> overrides =
      parseDefines(options.defines);
  if (!kind || !overrides)
    return UserError;
  if (options.emit == EmitKind::AST && *kind != InputKind::RNN)
    return reportError("--emit=ast needs a .rnn model, found '" +
                       options.inputFile + "'");
  if (mlir::failed(checkTargetCanEmit(options)))
    return UserError;
  {
    std::string error;
    std::optional<TargetCPU> cpu = resolveTargetCPU(options.cpu, error);
    if (!cpu)
      return reportError(error);
    setTargetCPU(*cpu);
  }
  std::unique_ptr<llvm::MemoryBuffer> buffer = readInput(options.inputFile);
  if (!buffer)
    return UserError;

  // --time-phases: a tree of wall times on stderr when `timing` goes.
  mlir::DefaultTimingManager timing;
  timing.setEnabled(options.timePhases);
  timing.setDisplayMode(mlir::DefaultTimingManager::DisplayMode::Tree);
  mlir::TimingScope root = timing.getRootScope();

  CompilerContext compiler;
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
  mlir::SourceMgrDiagnosticHandler handler(sourceMgr, &compiler.context);

  mlir::TimingScope frontendTiming = root.nest("frontend");
  std::optional<ast::Model> ast;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  if (options.emit == EmitKind::AST) {
    if (!(ast = frontend::parseModel(sourceMgr, compiler.context)))
      return UserError;
  } else if (!(module = loadModule(*kind, sourceMgr, compiler.context,
                                   *overrides))) {
    return UserError;
  }
  frontendTiming.stop();

  // Native code of an f32 model carries its f64 build for gradcheck: for
  // an executable, compiled on a second thread (TwinBuild.h).
  mlir::OwningOpRef<mlir::ModuleOp> twin;
  std::optional<TwinBuild> twinBuild;
  if (module) {
    PipelineOptions pipeline = options.pipeline;
    pipeline.ptx = options.emit == EmitKind::PTX;
    pipeline.f64 =
        (options.dtype.empty() ? modelDType(*module) : options.dtype) == "f64";
    bool native =
        phaseOf(options) == Phase::LLVM && options.emit != EmitKind::RNN;
    // Native code records how it was built and the CPU features it needs
    // (`./model info`, the start-up check).
    if (native) {
      (*module)->setAttr(
          "rnnc.compiled_with",
          mlir::StringAttr::get(&compiler.context,
                                describeCompilation(options, pipeline)));
      const TargetCPU &cpu = targetCPU();
      (*module)->setAttr("rnnc.target_cpu",
                         mlir::StringAttr::get(&compiler.context, cpu.name));
      llvm::SmallVector<mlir::Attribute> features;
      for (const std::string &feature : cpu.required)
        features.push_back(mlir::StringAttr::get(&compiler.context, feature));
      (*module)->setAttr("rnnc.cpu_features",
                         mlir::ArrayAttr::get(&compiler.context, features));
    }
    if (options.emit == EmitKind::Torch) {
      // forward_saving and vjp instead of train_step, and an f64 build
      // whatever the model's dtype: float64 tensors (gradcheck) run it.
      pipeline.vjp = true;
      pipeline.step = false;
    } else if (ExitCode code = refuseCellModule(*module, options.emit)) {
      return code;
    }
    if (native && (options.emit == EmitKind::Torch ||
                   (!pipeline.f64 && options.emit == EmitKind::Executable)))
      twinBuild.emplace(*module, pipeline);
    else if (native && !pipeline.f64 && !isLibrary(options.emit))
      twin = module->clone();
    mlir::TimingScope passTiming = root.nest("rnn pipeline");
    mlir::PassManager pm(&compiler.context);
    pm.enableTiming(passTiming);
    buildPipelineTo(pm, phaseOf(options), pipeline);
    if (ExitCode code = runPasses(pm, *module, "the rnn pipeline"))
      return code; // the passes reported why at the model's locations
    passTiming.stop();
    if (twin) {
      mlir::TimingScope twinTiming = root.nest("f64 build, rnn pipeline");
      mlir::PassManager twinPm(&compiler.context);
      twinPm.enableTiming(twinTiming);
      buildPipelineTo(twinPm, Phase::LLVM, twinOptions(pipeline));
      if (ExitCode code = runPasses(twinPm, *twin, "the f64 build's pipeline"))
        return code;
    }
  }

  switch (options.emit) {
  case EmitKind::AST:
  case EmitKind::RNN:
  case EmitKind::BPTT:
  case EmitKind::Lowered:
    return writeText(options.outputFile, [&](llvm::raw_ostream &os) {
      if (ast)
        ast::dump(*ast, os);
      else
        module->print(os);
      os << "\n";
    });
  case EmitKind::SPIRV:
    return writeSPIRV(*module, options.outputFile);
  case EmitKind::PTX:
    return writePTX(*module, options.outputFile);
  case EmitKind::LLVM:
  case EmitKind::Object:
  case EmitKind::Executable:
  case EmitKind::SharedLibrary:
  case EmitKind::StaticLibrary:
  case EmitKind::Torch:
    prepareNativeCode(compiler.context);
    if (options.emit == EmitKind::Executable || isLibrary(options.emit) ||
        options.emit == EmitKind::Torch)
      return emitLinked(*module, twinBuild ? &*twinBuild : nullptr, options,
                        root);
    return emitModule(*module, twin ? *twin : mlir::ModuleOp(), options,
                      root);
  }
  return InternalError;
}
