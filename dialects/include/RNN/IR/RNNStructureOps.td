//===- RNNStructureOps.td - the model and its recurrence ---*- tablegen -*-===//
//
// Included by RNNOps.td, which defines `Differentiable` and the
// interfaces these ops use.
//
//===----------------------------------------------------------------------===//

#ifndef RNN_STRUCTURE_OPS_TD
#define RNN_STRUCTURE_OPS_TD

//===----------------------------------------------------------------------===//
// Model structure
//===----------------------------------------------------------------------===//

def RNN_ModelOp : RNN_Op<"model", [IsolatedFromAbove, SymbolTable, Symbol,
                                   SingleBlock, NoTerminator,
                                   NoRegionArguments]> {
  let summary = "a model: parameters and the functions that use them";
  let description = [{
    The container of one model. Its body holds `rnn.param` declarations and
    `func.func` functions (the forward function, and after BPTT the
    `train_step`). It is a symbol table: functions read parameters by name
    with `rnn.param_read`. Hyperparameters and the task travel as ordinary
    attributes.

    Example:
    ```mlir
    rnn.model @charlm attributes {task = "language_model"} {
      rnn.param @W_hh : tensor<256x256xf32> init #rnn.init<normal(0.0, 0.01)>
      func.func @forward(%x: tensor<35x32x28xf32>) -> tensor<f32> { ... }
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "$sym_name attr-dict-with-keyword $body";
  let hasRegionVerifier = 1;
  let skipDefaultBuilders = 1;
  let builders = [
    OpBuilder<(ins "::llvm::StringRef":$name), [{
      $_state.addAttribute(::mlir::SymbolTable::getSymbolAttrName(),
                           $_builder.getStringAttr(name));
      $_state.addRegion()->emplaceBlock();
    }]>
  ];
}

def RNN_ParamOp : RNN_Op<"param", [Symbol, HasParent<"ModelOp">]> {
  let summary = "declares a trainable parameter";
  let description = [{
    A named trainable tensor with its initialiser. Dimensions that are only
    known when training starts (the vocabulary size `V`, bound from the
    data) are dynamic and must be named in `dim_names`, which has one entry
    per dimension (empty for static dimensions).

    Example:
    ```mlir
    rnn.param @W_xh : tensor<?x512xf32> init #rnn.init<normal(0.0, 0.01)> {dim_names = ["V", ""]}
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       TypeAttrOf<RNN_FloatTensor>:$type,
                       RNN_InitializerAttr:$init,
                       OptionalAttr<StrArrayAttr>:$dim_names);
  let assemblyFormat = "$sym_name `:` $type `init` $init attr-dict";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    ::mlir::RankedTensorType getTensorType() {
      return ::llvm::cast<::mlir::RankedTensorType>(getType());
    }
  }];
}

def RNN_ParamReadOp : RNN_Op<"param_read", [
    Pure, DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "reads the current value of a parameter";
  let description = [{
    Produces the value of the `rnn.param` named `param` in the enclosing
    model. The result type equals the parameter's type.

    Example:
    ```mlir
    %w = rnn.param_read @W_hh : tensor<256x256xf32>
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$param);
  let results = (outs RNN_FloatTensor:$result);
  let assemblyFormat = "$param attr-dict `:` type($result)";
}

//===----------------------------------------------------------------------===//
// Recurrence
//===----------------------------------------------------------------------===//

def RNN_ScanOp : RNN_Op<"scan", [RecursiveMemoryEffects, SingleBlock,
                                 AttrSizedOperandSegments]> {
  let summary = "iterates a cell over the time dimension with carried state";
  let description = [{
    Runs the body once per time step. `sequences` (activations, or integer
    ids: rnn-sink-embeddings makes a step look its rows up itself) are
    iterated along their leading dimension T (all must agree); the body
    receives the per-step
    slice of each sequence, followed by the carried state (initially
    `inits`). The body yields the next state, followed by any number of
    per-step outputs. Results are the final states (types of `inits`), then
    each per-step output stacked along a new leading dimension T.

    `direction = reverse` visits steps T-1 down to 0; stacked outputs are
    still indexed by step. Values defined above the op (weights) may be used
    in the body.

    Example (a vanilla RNN cell written from its equation):
    ```mlir
    %hT, %hs = rnn.scan forward seqs(%x : tensor<35x32x28xf32>)
                       inits(%h0 : tensor<32x256xf32>)
                       -> (tensor<32x256xf32>, tensor<35x32x256xf32>) {
    ^bb0(%xt: tensor<32x28xf32>, %h: tensor<32x256xf32>):
      %a = rnn.matmul %xt, %wxh : tensor<32x28xf32>, tensor<28x256xf32> -> tensor<32x256xf32>
      ...
      rnn.yield %hn, %hn : tensor<32x256xf32>, tensor<32x256xf32>
    }
    ```
  }];
  let arguments = (ins Variadic<RNN_SequenceTensor>:$sequences,
                       Variadic<RNN_FloatTensor>:$inits,
                       RNN_Direction:$direction);
  let results = (outs Variadic<RNN_FloatTensor>:$results);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $direction `seqs` `(` ($sequences^ `:` type($sequences))? `)`
    `inits` `(` ($inits^ `:` type($inits))? `)`
    attr-dict `->` `(` type($results) `)` $body
  }];
  let hasVerifier = 1;
  let hasRegionVerifier = 1;
  let hasCanonicalizer = 1;
  let extraClassDeclaration = [{
    /// The final carried states (one per init).
    ::mlir::ResultRange getFinalStates() {
      return getResults().take_front(getInits().size());
    }
    /// The per-step outputs stacked along time.
    ::mlir::ResultRange getStackedOutputs() {
      return getResults().drop_front(getInits().size());
    }
    ::mlir::Block &getBodyBlock() { return getBody().front(); }
  }];
}

def RNN_YieldOp : RNN_Op<"yield", [Pure, Terminator, ReturnLike,
                                   HasParent<"ScanOp">]> {
  let summary = "ends a scan body: next state, then per-step outputs";
  let description = [{
    Terminates the body of `rnn.scan`. The first operands are the next
    carried state (one per init), the rest are this step's outputs.

    Example: `rnn.yield %h_next, %y : tensor<32x256xf32>, tensor<32x28xf32>`
  }];
  let arguments = (ins Variadic<AnyType>:$values);
  let assemblyFormat = "($values^ `:` type($values))? attr-dict";
}

#endif // RNN_STRUCTURE_OPS_TD
