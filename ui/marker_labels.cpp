#include "marker_labels.h"

#include <algorithm>

namespace rankscope {
namespace {

constexpr int kGap = 6;     // pixels between two labels in a row
constexpr int kPadding = 3; // the label's own padding each side (TimePlot's QCPItemText)

struct Span {
    double from, to;
};

} // namespace

int stackMarkerLabels(std::vector<MarkerLabel>& labels, const QFontMetrics& metrics,
                      const std::function<double(double)>& toPixel, int left, int right) {
    std::vector<std::vector<Span>> rows(kMaxMarkerRows);
    int used = 0;
    for (auto label = labels.rbegin(); label != labels.rend(); ++label) {
        const double x = toPixel(label->x);
        const double width = metrics.horizontalAdvance(label->text) + 2 * kPadding;
        label->leftOfLine = x + width > right && x - width >= left;
        const Span span = label->leftOfLine ? Span{x - width, x} : Span{x, x + width};
        label->row = -1;
        for (int row = 0; row < kMaxMarkerRows; ++row) {
            const bool free = std::none_of(rows[row].begin(), rows[row].end(), [&](const Span& taken) {
                return span.from < taken.to + kGap && taken.from < span.to + kGap;
            });
            if (free) {
                rows[row].push_back(span);
                label->row = row;
                used = std::max(used, row + 1);
                break;
            }
        }
    }
    return used;
}

} // namespace rankscope
