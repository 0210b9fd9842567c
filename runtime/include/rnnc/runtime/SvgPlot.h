//===- SvgPlot.h - line plots as standalone SVG files ------------*- C++ -*-===//
//
// `train --plot` (loss and perplexity per epoch) and `predict --plot` (a
// series with its k-step predictions, d2l 8.1's figure) draw with this:
// one or more panels of lines over a shared x axis, with axes, ticks,
// labels and a legend, written atomically as a self-contained SVG.
//
//===----------------------------------------------------------------------===//

#ifndef RNNC_RUNTIME_SVGPLOT_H
#define RNNC_RUNTIME_SVGPLOT_H

#include <string>
#include <vector>

namespace rnnc::rt {

struct PlotLine {
  std::string name;
  std::vector<double> xs, ys; // NaN values leave gaps
};

struct PlotPanel {
  std::string title, xLabel, yLabel;
  std::vector<PlotLine> lines;
};

/// Draws the panels one above the other into `path`.
void writeSvgPlot(const std::string &path,
                  const std::vector<PlotPanel> &panels);

} // namespace rnnc::rt

#endif // RNNC_RUNTIME_SVGPLOT_H
