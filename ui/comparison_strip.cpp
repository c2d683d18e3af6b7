#include "comparison_strip.h"

#include <QGridLayout>
#include <QLabel>
#include <QLocale>

namespace rankscope {

ComparisonStrip::ComparisonStrip(QWidget* parent)
    : QWidget(parent)
    , m_theme(Theme::light())
    , m_grid(new QGridLayout(this)) {
    m_grid->setContentsMargins(6, 2, 6, 2);
    m_grid->setHorizontalSpacing(18);
    m_grid->setVerticalSpacing(0);
    setVisible(false);
    setToolTip("The runs side by side: same data, same initial weights; they differ only in the settings "
               "named. They share the CPU, so each makes the steps per second its batch size allows.");
}

QString ComparisonStrip::entryText(const RunView& run) {
    const Snapshot& latest = *run.latest;
    const QLocale locale;
    QString progress = QString("step %1 · epoch %2 · %3 steps/s")
                           .arg(locale.toString(latest.step))
                           .arg(locale.toString(latest.epoch, 'f', latest.epoch < 10 ? 2 : 0))
                           .arg(locale.toString(latest.stepsPerSecond, 'f', 0));
    if (latest.state == RunState::Diverged)
        progress = QString("diverged at step %1").arg(locale.toString(latest.divergedAtStep));
    else if (latest.analysis.collapsed)
        progress += " · collapsed";
    return run.label + "  " + progress;
}

void ComparisonStrip::showRuns(const RunViews& runs) {
    setVisible(runs.size() > 1);
    if (runs.size() <= 1)
        return;
    if (m_entries.size() != runs.size()) {
        qDeleteAll(m_entries);
        m_entries.clear();
        const int columns = runs.size() > 2 ? 2 : runs.size();
        for (int i = 0; i < runs.size(); ++i) {
            auto* entry = new QLabel(this);
            entry->setTextFormat(Qt::RichText);
            entry->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
            m_grid->addWidget(entry, i / columns, i % columns);
            m_entries.append(entry);
        }
    }
    for (int i = 0; i < runs.size(); ++i) {
        const QColor color = m_theme.runColor(runs[i].index);
        const bool failed = runs[i].latest->state == RunState::Diverged || runs[i].latest->analysis.collapsed;
        m_entries[i]->setText(QString("<span style='color:%1'>━━</span> <span style='color:%2'>%3</span>")
                                  .arg(color.name(),
                                       failed ? m_theme.theory.name() : m_theme.foreground.name(),
                                       entryText(runs[i]).toHtmlEscaped()));
        m_entries[i]->setFont(m_theme.legendFont);
    }
}

void ComparisonStrip::applyTheme(const Theme& theme) {
    m_theme = theme;
    QPalette palette = this->palette();
    palette.setColor(QPalette::Window, theme.background);
    setPalette(palette);
    setAutoFillBackground(true);
    for (QLabel* entry : m_entries)
        entry->setFont(theme.legendFont);
}

} // namespace rankscope
