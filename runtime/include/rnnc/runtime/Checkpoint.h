//===- Checkpoint.h - model weights and training state on disk ---*- C++
//-*-===//
//
// A checkpoint is a safetensors file of the model's parameters, with the
// model's name, the dimension values and the vocabulary in `__metadata__`,
// so `generate` needs no data file. The training state (epochs done,
// generator, optimizer moments) goes to a second file, CKPT.state, so that
// `train --resume` continues exactly where the run stopped. Both are
// written atomically (temp file, fsync, rename).
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_CHECKPOINT_H
#define RNNC_RUNTIME_CHECKPOINT_H

#include "rnnc/runtime/Model.h"
#include "rnnc/runtime/Training.h"
#include "rnnc/runtime/Vocab.h"

#include <string>

namespace rnnc::rt {

/// Writes the parameters, the dimensions, `vocab` and a tagging task's
/// `labels` to `path`.
void saveCheckpoint(const std::string &path, const Model &model,
                    const Vocab &vocab,
                    const std::vector<std::string> &labels = {});

/// Loads a checkpoint written for this model: binds the model's
/// dimensions, replaces its parameters and returns the vocabulary. Throws
/// rt::Error naming the file and what does not match (another model, a
/// missing or extra tensor, a dtype or a shape). The label names go to
/// `labels` when given.
Vocab loadCheckpoint(const std::string &path, Model &model,
                     std::vector<std::string> *labels = nullptr);

/// The training state beside a checkpoint: `path + ".state"`.
std::string trainingStatePath(const std::string &checkpoint);
void saveTrainingState(const std::string &path, const TrainingState &state);
TrainingState loadTrainingState(const std::string &path);

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_CHECKPOINT_H
