# lit.cfg.py - configuration of rnnc's lit suite.
import os

import lit.formats
from lit.llvm import llvm_config

config.name = "RNNC"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".rnn", ".test"]
config.excludes = ["lit.cfg.py", "lit.site.cfg.py", "Inputs"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.rnnc_obj_root, "test")

llvm_config.with_system_environment(["HOME", "TMP", "TEMP"])
# The runtime's kernel choices, so the whole suite can run on another ISA's
# kernels and GEMM: RNNC_CPU_KERNELS=avx2 on an AVX-512 machine runs what an
# AVX2-only CPU runs (the row kernels and rnnc's GEMM; docs/runtime.md).
llvm_config.with_system_environment(["RNNC_CPU_KERNELS", "RNNC_SGEMM"])
# FileCheck, not and count live in LLVM's bin directory, which Debian does not
# put on PATH.
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.use_default_substitutions()
llvm_config.add_tool_substitutions(
    ["rnnc", "rnnc-opt", "rnnc-devices", "mlir-cpu-runner"],
    [config.rnnc_tools_dir, config.llvm_tools_dir],
)
# Execution tests: the runtime libraries of mlir-cpu-runner (printMemref).
llvm_lib_dir = os.path.join(os.path.dirname(config.llvm_tools_dir), "lib")
config.substitutions.append(
    (
        "%mlir_runner_libs",
        ",".join(
            os.path.join(llvm_lib_dir, name)
            for name in ["libmlir_runner_utils.so", "libmlir_c_runner_utils.so"]
        ),
    )
)
# The upstream pipeline from linalg on tensors to the LLVM dialect
# (TOOLCHAIN.md section 6); libm provides tanh and exp.
config.substitutions.append(
    (
        "%lower_to_llvm",
        "--canonicalize --one-shot-bufferize='bufferize-function-boundaries "
        "function-boundary-type-conversion=identity-layout-map "
        "allow-return-allocs-from-loops' --buffer-deallocation-pipeline "
        "--convert-bufferization-to-memref --convert-linalg-to-loops "
        "--convert-scf-to-cf --expand-strided-metadata --lower-affine "
        "--convert-math-to-llvm --convert-math-to-libm --convert-arith-to-llvm "
        "--finalize-memref-to-llvm --convert-cf-to-llvm --convert-func-to-llvm "
        "--reconcile-unrealized-casts",
    )
)
# The datasets in the repository.
config.substitutions.append(("%data", os.path.join(config.rnnc_src_root, "data")))
config.substitutions.append(("%rnnc_src", config.rnnc_src_root))
config.substitutions.append(("%examples", os.path.join(config.rnnc_src_root, "examples")))
# Helper scripts of the integration tests run with the interpreter lit runs on.
import sys
config.substitutions.append(("%python", sys.executable))
# Cross-checks against PyTorch run where Debian's python3-torch is installed
# (scripts/install-deps.sh does not install it: it is large and only the
# benchmarks and these checks need it).
import subprocess
if subprocess.run(["/usr/bin/python3", "-c", "import torch"],
                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0:
    config.available_features.add("torch")
config.substitutions.append(("%torch_python", "/usr/bin/python3"))
# Programs built against a model compiled as a library (docs/library.md),
# with the compilers that built rnnc.
config.substitutions.append(("%cc", config.c_compiler))
config.substitutions.append(("%cxx", config.cxx_compiler))
# Data-parallel training (docs/distributed.md): two ranks on one machine,
# as root in CI (Open MPI refuses root without these), more ranks than
# cores allowed.
import shutil
if shutil.which("mpirun"):
    config.available_features.add("mpi")
    config.substitutions.append(
        (
            "%mpirun",
            "env OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 "
            "OMPI_MCA_btl_vader_single_copy_mechanism=none "
            "mpirun --oversubscribe",
        )
    )
# The GPU target (docs/gpu.md): `vulkan` where rnnc-devices finds a Vulkan
# device (scripts/install-deps.sh installs lavapipe and spirv-tools).
devices = subprocess.run([os.path.join(config.rnnc_tools_dir, "rnnc-devices")],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
if devices.returncode == 0 and devices.stdout.strip() and shutil.which("spirv-val"):
    config.available_features.add("vulkan")
# The CUDA target (docs/gpu.md): `cuda` where rnnc was built with a CUDA
# toolkit, whose ptxas checks the kernels (no GPU needed).
if config.rnnc_cuda_toolkit:
    config.available_features.add("cuda")
    config.substitutions.append(
        ("%ptxas", os.path.join(config.rnnc_cuda_toolkit, "bin", "ptxas")))
# `nvidia-driver` where the NVIDIA driver is installed: a CUDA build's
# start-up refusal is tested only on machines without one.
if shutil.which("ldconfig") and "libcuda.so.1" in subprocess.run(
        ["ldconfig", "-p"], stdout=subprocess.PIPE, text=True).stdout:
    config.available_features.add("nvidia-driver")
# `avx2` where the CPU has AVX2 and FMA: the runtime's AVX2 kernels and
# GEMM (RNNC_CPU_KERNELS=avx2) run only there.
try:
    with open("/proc/cpuinfo") as cpuinfo:
        flags = next((line.split(":", 1)[1].split() for line in cpuinfo
                      if line.startswith("flags")), [])
except OSError:
    flags = []
if "avx2" in flags and "fma" in flags:
    config.available_features.add("avx2")
# Features the project's scripts promise: scripts/test.sh names them in
# RNNC_REQUIRE_FEATURES, and one that is missing stops the suite with a
# line saying which, instead of leaving its tests UNSUPPORTED.
for feature in os.environ.get("RNNC_REQUIRE_FEATURES", "").split():
    if feature not in config.available_features:
        why = {"vulkan": "no Vulkan device or no spirv-val: " + devices.stderr.strip(),
               "torch": "/usr/bin/python3 cannot import torch (python3-torch)",
               "mpi": "no mpirun (openmpi-bin)",
               "cuda": "rnnc was configured without a CUDA toolkit"}.get(feature, "")
        lit_config.fatal(f"the lit feature '{feature}' is required "
                         f"(RNNC_REQUIRE_FEATURES) but missing: {why}")
