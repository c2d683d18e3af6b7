#include "presentation/stage_scale.h"

#include <algorithm>

namespace rankscope {
namespace {

constexpr double kDesignHeight = 1080; // the talk theme's sizes are chosen for this screen height
constexpr double kMinScale = 0.6;      // below it tick labels fall under 9 px
constexpr double kMaxScale = 3;

void scaleFont(QFont& font, double scale) {
    font.setPointSizeF(font.pointSizeF() * scale);
}

} // namespace

double stageScale(int windowHeight) {
    return std::clamp(windowHeight / kDesignHeight, kMinScale, kMaxScale);
}

Theme scaledTalkTheme(double scale) {
    Theme theme = Theme::talk();
    for (QFont* font : {&theme.tickFont, &theme.labelFont, &theme.titleFont, &theme.legendFont})
        scaleFont(*font, scale);
    theme.lineWidth *= scale;
    theme.markerWidth *= scale;
    return theme;
}

} // namespace rankscope
