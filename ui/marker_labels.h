// Marker labels: where the labels of the change markers go in the margin above a time plot. Each
// label starts at its marker's line and reads to the right, or ends at it when it would run past
// the plot's right edge. Labels are stacked in up to kMaxMarkerRows rows so that no two overlap;
// the newest markers are placed first, so a label that finds no room is an old one, and only its
// line is drawn.
// Leaves out: drawing (TimePlot) and the text of a label (TrainSetting::changeLabel).
#pragma once

#include <QFontMetrics>
#include <QString>
#include <functional>
#include <vector>

namespace rankscope {

constexpr int kMaxMarkerRows = 3;

struct MarkerLabel {
    double x = 0; // time coordinate of the marker
    QString text;
    int row = -1;            // set by stackMarkerLabels: 0 next to the data, -1 no room
    bool leftOfLine = false; // set by stackMarkerLabels: the text ends at the line
};

// Assigns each label a row and a side; `toPixel` maps x to pixels, labels stay within
// [left, right] pixels. Returns the number of rows used. Markers are in time order, oldest first.
int stackMarkerLabels(std::vector<MarkerLabel>& labels, const QFontMetrics& metrics,
                      const std::function<double(double)>& toPixel, int left, int right);

} // namespace rankscope
