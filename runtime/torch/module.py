# A model compiled by rnnc as a PyTorch module (`rnnc compile --emit=torch`).
#
#   import mycell
#   m = mycell.Module()              # parameters as the model declares them
#   y, state = m(x)                  # a cell module: outputs, final states
#   loss, state = m(tokens, targets) # a model with a loss
#
# Forward and backward are rnnc's generated code in the library beside this
# file (its f32 and f64 builds): the forward sweep keeps what the backward
# sweep reads, and the derived vector-Jacobian product gives the gradients
# of the inputs, the initial states and the parameters. docs/torch.md.
# Generated from runtime/torch/module.py; do not edit.

import ctypes
import functools
import json
import math
import os
import re
import struct

import torch

_LIBRARY = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                        "@RNNC_LIBRARY@")
_lib = ctypes.CDLL(_LIBRARY)
_i64p = ctypes.POINTER(ctypes.c_int64)
_lib.rnnc_torch_manifest.restype = ctypes.c_char_p
_lib.rnnc_torch_manifest.argtypes = [ctypes.c_int]
_lib.rnnc_torch_call.restype = ctypes.c_void_p
_lib.rnnc_torch_call.argtypes = [
    ctypes.c_int, ctypes.c_char_p, _i64p, ctypes.POINTER(ctypes.c_void_p),
    ctypes.POINTER(ctypes.c_void_p), ctypes.c_char_p, ctypes.c_size_t]
_lib.rnnc_torch_results_count.restype = ctypes.c_int64
_lib.rnnc_torch_results_count.argtypes = [ctypes.c_void_p]
_lib.rnnc_torch_results_describe.restype = ctypes.c_int64
_lib.rnnc_torch_results_describe.argtypes = [
    ctypes.c_void_p, _i64p, ctypes.c_int64, ctypes.POINTER(ctypes.c_void_p)]
_lib.rnnc_torch_results_free.restype = None
_lib.rnnc_torch_results_free.argtypes = [ctypes.c_void_p]
_lib.rnnc_torch_parameters_changed.restype = None
_lib.rnnc_torch_parameters_changed.argtypes = []

_MANIFESTS = {f64: json.loads(_lib.rnnc_torch_manifest(f64).decode())
              for f64 in (0, 1)}
_MANIFEST = _MANIFESTS[0]
_DTYPES = {"f32": torch.float32, "f64": torch.float64, "i32": torch.int32,
           "i64": torch.int64}
_FLOAT_ROLES = ("input", "target", "state_in")

name = _MANIFEST["name"]
is_cell_module = bool(_MANIFEST.get("cell_module", False))


def _function(f64, fname):
    for f in _MANIFESTS[f64]["functions"]:
        if f["name"] == fname:
            return f
    raise RuntimeError(f"{name}: the library has no function '{fname}'")


@functools.lru_cache(maxsize=None)
def _dim_names(f64, fname):
    """The dimensions `fname` takes, in order (the manifest read once)."""
    return [a["name"] for a in _function(f64, fname)["args"]
            if a["role"] == "dim"]


def _names_in(size):
    """The dimension names a manifest size uses."""
    return set(re.findall(r"[A-Za-z_][A-Za-z_0-9]*", size)) \
        if isinstance(size, str) else set()


def _evaluate(size, dims):
    """A manifest size: a number, a dimension name or an expression of
    them ("V + 256")."""
    if isinstance(size, int):
        return size
    return int(eval(size, {"__builtins__": {}}, dict(dims)))


# The parameters (memory and PyTorch's write counter) of the last call.
_last_weights = None


def _note_weights(weights, training):
    """Tells the runtime when parameter memory may have been written since
    the last call (an optimizer step, load_state_dict): it keeps transposed
    copies of the weights while they stand still. Every training step
    counts as a write (a write through `.data` leaves PyTorch's counter
    alone); forward-only calls compare the counters."""
    global _last_weights
    key = tuple((w.data_ptr(), w._version) for w in weights)
    if training or key != _last_weights:
        _lib.rnnc_torch_parameters_changed()
        _last_weights = key


def _signature(role, side="args"):
    return [{k: a[k] for k in ("name", "dtype", "shape")}
            for a in _function(0, "forward")[side] if a["role"] == role]


# The model's tensors as its forward function takes and returns them
# (shapes: sizes, dimension names or expressions of them).
inputs = _signature("input")
targets = _signature("target")
states = _signature("state_in")
outputs = _signature("output", "results")


class _Results:
    """The tensors one call of the generated code returned, owned by the
    library until this handle goes; their shapes and memory read in one
    call."""

    def __init__(self, handle):
        self.handle = handle
        count = _lib.rnnc_torch_results_count(handle)
        data = (ctypes.c_void_p * max(count, 1))()
        capacity = 4 * count
        while True:
            layout = (ctypes.c_int64 * max(capacity, 1))()
            needed = _lib.rnnc_torch_results_describe(handle, layout,
                                                      capacity, data)
            if needed <= capacity:
                break
            capacity = needed
        self.pointers = list(data)[:count]
        self.shapes, at = [], 0
        for _ in range(count):
            rank = layout[at]
            self.shapes.append(layout[at + 1:at + 1 + rank])
            at += 1 + rank

    def __del__(self):
        if self.handle:
            _lib.rnnc_torch_results_free(self.handle)
            self.handle = None

    def shape(self, i):
        return self.shapes[i]

    def pointer(self, i):
        return self.pointers[i]

    def tensor(self, i, dtype):
        """Result i copied into a new tensor."""
        out = torch.empty(self.shape(i), dtype=dtype)
        if out.numel():
            ctypes.memmove(out.data_ptr(), self.pointer(i),
                           out.numel() * out.element_size())
        return out

    def tensors(self, dtypes):
        """The first len(dtypes) results, each copied into a new tensor."""
        return [self.tensor(i, dtype) for i, dtype in enumerate(dtypes)]


def _call(f64, fname, dims, tensors):
    """Calls `fname` with `dims` (name -> size) and `tensors`, one per
    tensor argument in the manifest's order: a contiguous CPU tensor, or
    (results, index) for a value a previous call kept."""
    dim_values = []
    for dim in _dim_names(f64, fname):
        if dim not in dims:
            raise TypeError(f"{name}: no tensor given binds dimension "
                            f"{dim}: give it as Module(..., {dim}=size)")
        dim_values.append(dims[dim])
    # Every tensor's sizes in one array; the library reads tensor i's from
    # the address shapes[i].
    n = len(tensors)
    pointers, sizes, starts = [], [], []
    for t in tensors:
        starts.append(len(sizes))
        if isinstance(t, tuple):
            results, index = t
            pointers.append(results.pointer(index))
            sizes += results.shape(index)
        else:
            pointers.append(t.data_ptr())
            sizes += t.shape
    data = (ctypes.c_void_p * max(n, 1))(*pointers)
    flat = (ctypes.c_int64 * max(len(sizes), 1))(*sizes)
    base = ctypes.addressof(flat)
    shapes = (ctypes.c_void_p * max(n, 1))(*[base + 8 * s for s in starts])
    error = ctypes.create_string_buffer(1024)
    dims_array = (ctypes.c_int64 * max(len(dim_values), 1))(*dim_values)
    handle = _lib.rnnc_torch_call(f64, fname.encode(), dims_array, data,
                                  shapes, error, len(error))
    if not handle:
        raise ValueError(f"{name}: {error.value.decode()}")
    return _Results(handle)


class _Core:
    """What the module and its autograd function share: the functions'
    argument layout and the conversions of PyTorch tensors to them."""

    def __init__(self, f64):
        self.f64 = f64
        self.forward = _function(f64, "forward")
        self.args = [a for a in self.forward["args"]
                     if a["role"] not in ("dim", "param")]
        self.results = self.forward["results"]
        self.roles = [r["role"] for r in self.results]
        self.dtypes = [_DTYPES[r["dtype"]] for r in self.results]
        self.input_specs = [a for a in self.args if a["role"] == "input"]
        self.target_specs = [a for a in self.args if a["role"] == "target"]
        self.state_specs = [a for a in self.args if a["role"] == "state_in"]
        self.float_type = torch.float64 if f64 else torch.float32
        # Dimensions no tensor of forward's has (a series model's T): any
        # value computes the same.
        used = set()
        for a in self.forward["args"] + self.results:
            for size in a.get("shape", []):
                used |= _names_in(size)
        self.unused_dims = {a["name"]: 1 for a in self.forward["args"]
                            if a["role"] == "dim" and a["name"] not in used}


class _Autograd(torch.autograd.Function):
    """forward_saving, then vjp from the values it kept."""

    @staticmethod
    def forward(ctx, core, dims, n_args, *tensors):
        results = _call(core.f64, "forward_saving", dims, list(tensors))
        outputs = results.tensors(core.dtypes)
        ctx.core, ctx.dims, ctx.n_args = core, dims, n_args
        ctx.results = results
        ctx.save_for_backward(*tensors)
        ctx.mark_non_differentiable(
            *[o for o in outputs if not o.is_floating_point()])
        return tuple(outputs)

    @staticmethod
    def backward(ctx, *grads):
        core, dims = ctx.core, ctx.dims
        tensors = ctx.saved_tensors
        args = tensors[:ctx.n_args]
        params = tensors[ctx.n_args:]
        vjp = _function(core.f64, "vjp")
        by_role = {}
        for i, r in enumerate(core.results):
            g = grads[i]
            if g is None:
                g = torch.zeros(ctx.results.shape(i), dtype=_DTYPES[r["dtype"]])
            by_role[r["role"] + ":" + r["name"]] = g.contiguous()
        count = len(core.results)
        call_args, next_arg, next_param = [], 0, 0
        for a in vjp["args"]:
            role = a["role"]
            if role == "dim":
                continue
            if role == "param":
                call_args.append(params[next_param])
                next_param += 1
            elif role == "adjoint":
                call_args.append(by_role[a["name"]])
            elif role == "saved":
                call_args.append((ctx.results, count + int(a["name"])))
            else:
                call_args.append(args[next_arg])
                next_arg += 1
        results = _call(core.f64, "vjp", dims, call_args)
        arg_grads = {}
        param_grads = {}
        for i, r in enumerate(vjp["results"]):
            if r["role"] == "adjoint":
                arg_grads[r["name"]] = results.tensor(i, core.float_type)
            elif r["role"] == "grad":
                param_grads[r["name"]] = results.tensor(i, core.float_type)
        out = [None, None, None]
        for a in core.args:
            out.append(arg_grads.get(a["role"] + ":" + a["name"]))
        for p in _MANIFEST["params"]:
            out.append(param_grads.get(p["name"]))
        return tuple(out)


def _init_parameter(p, shape, generator):
    """A parameter initialised as the model declares (the runtime's rules:
    Model.cpp; weights used as x @ W are [in, out])."""
    t = torch.empty(shape, dtype=torch.float32)
    args = p.get("init_args") or []
    arg = (lambda i, d: args[i] if i < len(args) else d)
    if len(shape) == 0:
        fan_in = fan_out = 1
    elif len(shape) == 1:
        fan_in = fan_out = shape[0]
    else:
        receptive = math.prod(shape[2:])
        fan_in, fan_out = shape[0] * receptive, shape[1] * receptive
    kind = p["init"]
    with torch.no_grad():
        if kind == "zeros":
            t.zero_()
        elif kind == "ones":
            t.fill_(1.0)
        elif kind == "constant":
            t.fill_(arg(0, 0.0))
        elif kind == "normal":
            t.normal_(arg(0, 0.0), arg(1, 1.0), generator=generator)
        elif kind == "uniform":
            t.uniform_(arg(0, 0.0), arg(1, 1.0), generator=generator)
        elif kind == "xavier_uniform":
            a = arg(0, 1.0) * math.sqrt(6.0 / (fan_in + fan_out))
            t.uniform_(-a, a, generator=generator)
        elif kind == "xavier_normal":
            t.normal_(0.0, arg(0, 1.0) * math.sqrt(2.0 / (fan_in + fan_out)),
                      generator=generator)
        else:
            raise ValueError(f"{name}: parameter '{p['name']}' has unknown "
                             f"initialiser '{kind}'")
    return t


def read_safetensors(path):
    """The tensors of a safetensors file (an rnnc checkpoint) by name."""
    dtypes = {"F32": torch.float32, "F64": torch.float64,
              "I32": torch.int32, "I64": torch.int64}
    with open(path, "rb") as f:
        blob = f.read()
    if len(blob) < 8:
        raise ValueError(f"{path}: not a safetensors file (too short)")
    (size,) = struct.unpack("<Q", blob[:8])
    try:
        header = json.loads(blob[8:8 + size])
    except ValueError as e:
        raise ValueError(f"{path}: not a safetensors file ({e})") from None
    base = 8 + size
    tensors = {}
    for key, entry in header.items():
        if key == "__metadata__":
            continue
        if entry["dtype"] not in dtypes:
            continue
        begin, end = entry["data_offsets"]
        raw = bytearray(blob[base + begin:base + end])
        t = torch.frombuffer(raw, dtype=dtypes[entry["dtype"]]) if raw else \
            torch.empty(0, dtype=dtypes[entry["dtype"]])
        tensors[key] = t.reshape(entry["shape"]).clone()
    return tensors


class Module(torch.nn.Module):
    """The model as a torch.nn.Module. Keyword arguments give the sizes of
    dimensions the parameters use beyond the model's consts (V: the
    vocabulary of a language model). Parameters are named as in the model
    and its checkpoints ("ln_lstm.W": submodule ln_lstm, parameter W)."""

    def __init__(self, seed=None, **dims):
        super().__init__()
        # The sizes the model fixes (a tagging model's C), then the caller's.
        self._dims = dict(_MANIFEST.get("dim_requirements", {}))
        self._dims.update(dims)
        generator = torch.Generator()
        if seed is not None:
            generator.manual_seed(seed)
        else:
            generator.seed()
        self._param_names = []
        for p in _MANIFEST["params"]:
            try:
                shape = [_evaluate(s, self._dims) for s in p["shape"]]
            except NameError as e:
                raise TypeError(
                    f"{name}: parameter '{p['name']}' has shape "
                    f"{p['shape']}: give the size as Module(..., NAME=size) "
                    f"({e})") from None
            owner = self
            *path, leaf = p["name"].split(".")
            for part in path:
                if not hasattr(owner, part):
                    owner.add_module(part, torch.nn.Module())
                owner = getattr(owner, part)
            owner.register_parameter(
                leaf, torch.nn.Parameter(_init_parameter(p, shape, generator)))
            self._param_names.append(p["name"])
        self._owners = None
        self._cores = {}

    def load_checkpoint(self, path):
        """Loads the parameters of an rnnc checkpoint (`./model train
        --save`), or any safetensors file holding them by name."""
        tensors = read_safetensors(path)
        missing = [n for n in self._param_names if n not in tensors]
        if missing:
            raise ValueError(f"{path}: no tensor for parameter(s) "
                             + ", ".join(missing))
        state = {n: tensors[n] for n in self._param_names}
        self.load_state_dict(state)

    def _parameters_in_order(self):
        # By attribute of the submodule that holds each, not
        # named_parameters(): torch.func.functional_call swaps them that way
        # (the submodules, found once, stay).
        if self._owners is None:
            self._owners = []
            for full in self._param_names:
                owner = self
                *path, leaf = full.split(".")
                for part in path:
                    owner = getattr(owner, part)
                self._owners.append((owner, leaf))
        return [getattr(owner, leaf) for owner, leaf in self._owners]

    def _core(self, f64):
        if f64 not in self._cores:
            self._cores[f64] = _Core(f64)
        return self._cores[f64]

    def forward(self, *inputs, state=None):
        params = self._parameters_in_order()
        float_type = params[0].dtype if params else torch.float32
        if float_type not in (torch.float32, torch.float64):
            raise TypeError(f"{name}: parameters are {float_type}; rnnc "
                            "modules compute in float32 or float64")
        core = self._core(1 if float_type == torch.float64 else 0)
        inputs_specs = core.input_specs
        target_specs = core.target_specs
        state_specs = core.state_specs
        accepted = len(inputs_specs) + len(target_specs)
        if len(inputs) not in (len(inputs_specs), accepted):
            names = [a["name"] for a in inputs_specs + target_specs]
            raise TypeError(f"{name}: expected the tensors {names} "
                            f"(targets optional), got {len(inputs)}")
        with_targets = bool(target_specs) and len(inputs) == accepted
        dims = dict(core.unused_dims)
        dims.update(self._dims)
        given = list(zip(inputs_specs + target_specs, inputs))
        for spec, t in given:
            self._bind(spec, t, dims)
        if state is not None:
            state = tuple(state)
            if len(state) != len(state_specs):
                raise TypeError(f"{name}: state has {len(state)} tensors, "
                                f"expected {len(state_specs)} "
                                f"({[a['name'] for a in state_specs]})")
            for spec, t in zip(state_specs, state):
                self._bind(spec, t, dims)
        tensors = []
        for spec, t in given:
            tensors.append(self._convert(spec, t, float_type))
        if not with_targets:
            for spec in target_specs:
                shape = [_evaluate(s, dims) for s in spec["shape"]]
                tensors.append(torch.zeros(shape, dtype=_DTYPES[spec["dtype"]]))
        if state is None:
            for spec in state_specs:
                shape = [_evaluate(s, dims) for s in spec["shape"]]
                tensors.append(torch.zeros(shape, dtype=float_type))
        else:
            for spec, t in zip(state_specs, state):
                tensors.append(self._convert(spec, t, float_type))
        for p in params:
            if p.device.type != "cpu":
                raise ValueError(f"{name}: parameters are on {p.device}; "
                                 "rnnc modules run on the CPU so far")
        weights = [p if p.is_contiguous() else p.contiguous() for p in params]
        differentiable = torch.is_grad_enabled() and any(
            t.requires_grad for t in tensors + weights)
        _note_weights(weights, differentiable)
        if differentiable:
            outputs = _Autograd.apply(core, dims, len(tensors),
                                      *tensors, *weights)
        else:
            results = _call(core.f64, "forward", dims, tensors + weights)
            outputs = results.tensors(core.dtypes)
        roles = core.roles
        final = tuple(o for o, r in zip(outputs, roles) if r == "state_out")
        if with_targets:
            return outputs[roles.index("result")], final
        output = [o for o, r in zip(outputs, roles) if r == "output"]
        return (output[0] if len(output) == 1 else tuple(output)), final

    def _bind(self, spec, t, dims):
        """Checks `t` against `spec` and binds the dimensions it names."""
        what = f"{spec['role']} '{spec['name']}'"
        if not isinstance(t, torch.Tensor):
            raise TypeError(f"{name}: {what} must be a tensor, got "
                            f"{type(t).__name__}")
        if t.device.type != "cpu":
            raise ValueError(f"{name}: {what} is on {t.device}; rnnc modules "
                             "run on the CPU so far")
        if t.dim() != len(spec["shape"]):
            raise ValueError(f"{name}: {what} must have {len(spec['shape'])} "
                             f"dimensions {spec['shape']}, got shape "
                             f"{list(t.shape)}")
        for size, actual in zip(spec["shape"], t.shape):
            if isinstance(size, str) and size.isidentifier():
                bound = dims.setdefault(size, actual)
                if bound != actual:
                    raise ValueError(
                        f"{name}: {what} has shape {list(t.shape)}: "
                        f"dimension {size} is {bound} elsewhere")
            elif _evaluate(size, dims) != actual:
                raise ValueError(f"{name}: {what} must have shape "
                                 f"{spec['shape']}, got {list(t.shape)}")

    @staticmethod
    def _convert(spec, t, float_type):
        """`t` as the generated code reads it: contiguous, of the build's
        float type (or int32 token ids)."""
        want = _DTYPES[spec["dtype"]]
        what = f"{spec['role']} '{spec['name']}'"
        if want.is_floating_point:
            if not t.is_floating_point():
                raise TypeError(f"{name}: {what} must be a float tensor, got "
                                f"{t.dtype}")
            if t.dtype != float_type:
                raise TypeError(f"{name}: {what} is {t.dtype} but the "
                                f"parameters are {float_type}")
        else:
            if t.is_floating_point() or t.is_complex():
                raise TypeError(f"{name}: {what} must hold token ids "
                                f"(an integer tensor), got {t.dtype}")
            t = t.to(want)
        return t if t.is_contiguous() else t.contiguous()
