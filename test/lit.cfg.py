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
# FileCheck, not and count live in LLVM's bin directory, which Debian does not
# put on PATH.
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.use_default_substitutions()
llvm_config.add_tool_substitutions(
    ["rnnc", "rnnc-opt"], [config.rnnc_tools_dir, config.llvm_tools_dir]
)
config.substitutions.append(("%shared", os.path.join(config.rnnc_src_root, "..", "shared")))
config.substitutions.append(("%rnnc_src", config.rnnc_src_root))
config.substitutions.append(("%examples", os.path.join(config.rnnc_src_root, "examples")))
