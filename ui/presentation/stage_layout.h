// StageLayout: which of the dashboard's panels are on screen. Outside presentation mode, all six.
// In presentation mode, only as many rows of two as leave every panel its minimum size at the
// stage's scale in the room the grid has (Dashboard::panelArea: the layer legend above it takes its
// share): panels are dropped, the least important first, rather than shrunk to slivers.
// Zooming shows one panel on the whole dashboard (Z over a panel, or a double-click on it) and
// back. Only the panels the dashboard would show (the lecture's, Dashboard::shownPlots) compete for
// the room, and their order of importance follows the run: the Janus null-space panel comes first
// when the data have a null space (the dashboard knows, Dashboard::hasNullSpace).
#pragma once

#include <QList>
#include <QObject>
#include <QPoint>
#include <QSize>

namespace rankscope {

class Dashboard;
class LivePlot;

class StageLayout : public QObject {
    Q_OBJECT
public:
    explicit StageLayout(Dashboard* dashboard);

    // Presentation mode: fit the panels to the dashboard's size at `scale` (StageScale).
    void setFitting(bool on, double scale);
    // The dashboard's shown plots from most to least important (its reading order is kept on screen).
    QList<LivePlot*> priority() const;
    // Zooms `plot` to the whole dashboard, or back to the grid if it is the zoomed one.
    void toggleZoom(LivePlot* plot);
    // Zooms back if a panel is zoomed; else zooms the panel at `globalPos`, or the rank plot.
    void toggleZoomAt(QPoint globalPos);
    LivePlot* zoomed() const { return m_zoomed; }
    // The plots on screen now.
    QList<LivePlot*> shown() const { return m_shown; }

    // How many panels of at least kMinPanelSize × scale fit `area`: 6, 4 or 2 in two columns, or
    // fewer in one column when two are too narrow; at least one.
    static int panelsThatFit(QSize area, double scale);

signals:
    // The plots on screen changed: the owner replots them with the current data.
    void shownChanged();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void update();

    Dashboard* m_dashboard;
    QList<LivePlot*> m_shown;
    LivePlot* m_zoomed = nullptr;
    bool m_fitting = false;
    bool m_evenRows = false; // what the dashboard was last told (setPlotsShown)
    double m_scale = 1;
};

} // namespace rankscope
