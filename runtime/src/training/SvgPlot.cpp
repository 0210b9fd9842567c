//===- SvgPlot.cpp - line plots as standalone SVG files
//--------------------===//
//
// See SvgPlot.h.
//
//===----------------------------------------------------------------------===//

#include "rnnc/runtime/SvgPlot.h"

#include "rnnc/runtime/Safetensors.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace rnnc::rt {

namespace {
constexpr double kWidth = 720, kPanelHeight = 300, kLeft = 70, kRight = 150,
                 kTop = 35, kBottom = 45;
const char *const kColors[] = {"#1f77b4", "#ff7f0e", "#2ca02c",
                               "#d62728", "#9467bd", "#8c564b"};

std::string escape(const std::string &text) {
  std::string out;
  for (char c : text) {
    if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '&')
      out += "&amp;";
    else
      out += c;
  }
  return out;
}

/// About five round tick values covering [low, high].
std::vector<double> ticks(double low, double high) {
  double span = high - low;
  if (!(span > 0))
    return {low};
  double step = std::pow(10.0, std::floor(std::log10(span / 5)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (span / (step * m) <= 6) {
      step *= m;
      break;
    }
  std::vector<double> out;
  for (double v = std::ceil(low / step) * step; v <= high + 1e-9 * span;
       v += step)
    out.push_back(std::fabs(v) < 1e-12 * span ? 0 : v);
  return out;
}

void drawPanel(std::string &svg, const PlotPanel &panel, double top) {
  double nan = std::numeric_limits<double>::quiet_NaN();
  double xMin = nan, xMax = nan, yMin = nan, yMax = nan;
  for (const PlotLine &line : panel.lines)
    for (size_t i = 0; i < line.xs.size() && i < line.ys.size(); ++i) {
      if (!std::isfinite(line.ys[i]))
        continue;
      xMin = std::isnan(xMin) ? line.xs[i] : std::min(xMin, line.xs[i]);
      xMax = std::isnan(xMax) ? line.xs[i] : std::max(xMax, line.xs[i]);
      yMin = std::isnan(yMin) ? line.ys[i] : std::min(yMin, line.ys[i]);
      yMax = std::isnan(yMax) ? line.ys[i] : std::max(yMax, line.ys[i]);
    }
  if (std::isnan(xMin))
    xMin = 0, xMax = 1, yMin = 0, yMax = 1;
  if (xMax == xMin)
    xMax = xMin + 1;
  if (yMax == yMin)
    yMax = yMin + 1;
  double pad = 0.05 * (yMax - yMin);
  yMin -= pad;
  yMax += pad;
  double plotW = kWidth - kLeft - kRight;
  double plotH = kPanelHeight - kTop - kBottom;
  double y0 = top + kTop;
  auto px = [&](double x) {
    return kLeft + (x - xMin) / (xMax - xMin) * plotW;
  };
  auto py = [&](double y) { return y0 + (yMax - y) / (yMax - yMin) * plotH; };

  svg += fmt::format("<text x='{:.1f}' y='{:.1f}' font-size='14' "
                     "text-anchor='middle'>{}</text>\n",
                     kLeft + plotW / 2, top + 20, escape(panel.title));
  svg += fmt::format("<rect x='{:.1f}' y='{:.1f}' width='{:.1f}' "
                     "height='{:.1f}' fill='none' stroke='#444'/>\n",
                     kLeft, y0, plotW, plotH);
  for (double t : ticks(xMin, xMax))
    svg += fmt::format("<line x1='{0:.1f}' x2='{0:.1f}' y1='{1:.1f}' "
                       "y2='{2:.1f}' stroke='#ddd'/><text x='{0:.1f}' "
                       "y='{3:.1f}' font-size='11' text-anchor='middle'>{4:g}"
                       "</text>\n",
                       px(t), y0, y0 + plotH, y0 + plotH + 15, t);
  for (double t : ticks(yMin, yMax))
    svg += fmt::format("<line x1='{0:.1f}' x2='{1:.1f}' y1='{2:.1f}' "
                       "y2='{2:.1f}' stroke='#ddd'/><text x='{3:.1f}' "
                       "y='{4:.1f}' font-size='11' text-anchor='end'>{5:g}"
                       "</text>\n",
                       kLeft, kLeft + plotW, py(t), kLeft - 5, py(t) + 4, t);
  svg += fmt::format("<text x='{:.1f}' y='{:.1f}' font-size='12' "
                     "text-anchor='middle'>{}</text>\n",
                     kLeft + plotW / 2, y0 + plotH + 33, escape(panel.xLabel));
  svg += fmt::format("<text x='15' y='{0:.1f}' font-size='12' "
                     "text-anchor='middle' transform='rotate(-90 15 {0:.1f})'>"
                     "{1}</text>\n",
                     y0 + plotH / 2, escape(panel.yLabel));

  for (size_t k = 0; k < panel.lines.size(); ++k) {
    const PlotLine &line = panel.lines[k];
    const char *color = kColors[k % std::size(kColors)];
    std::string path;
    bool pen = false;
    for (size_t i = 0; i < line.xs.size() && i < line.ys.size(); ++i) {
      if (!std::isfinite(line.ys[i])) {
        pen = false;
        continue;
      }
      path += fmt::format("{}{:.1f},{:.1f} ", pen ? "L" : "M", px(line.xs[i]),
                          py(line.ys[i]));
      pen = true;
    }
    svg += fmt::format("<path d='{}' fill='none' stroke='{}' "
                       "stroke-width='1.5'/>\n",
                       path, color);
    double ly = y0 + 12 + 18 * double(k);
    svg += fmt::format("<line x1='{0:.1f}' x2='{1:.1f}' y1='{2:.1f}' "
                       "y2='{2:.1f}' stroke='{3}' stroke-width='2'/><text "
                       "x='{4:.1f}' y='{5:.1f}' font-size='12'>{6}</text>\n",
                       kLeft + plotW + 10, kLeft + plotW + 30, ly, color,
                       kLeft + plotW + 35, ly + 4, escape(line.name));
  }
}
} // namespace

void writeSvgPlot(const std::string &path,
                  const std::vector<PlotPanel> &panels) {
  double height = kPanelHeight * double(panels.size());
  std::string svg = fmt::format(
      "<svg xmlns='http://www.w3.org/2000/svg' width='{:.0f}' height='{:.0f}' "
      "font-family='sans-serif'>\n<rect width='100%' height='100%' "
      "fill='white'/>\n",
      kWidth, height);
  for (size_t i = 0; i < panels.size(); ++i)
    drawPanel(svg, panels[i], kPanelHeight * double(i));
  svg += "</svg>\n";
  writeFileAtomically(path, std::vector<uint8_t>(svg.begin(), svg.end()));
}

} // namespace rnnc::rt
