#include "history_scrubber.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSlider>
#include <algorithm>

namespace rankscope {

HistoryScrubber::HistoryScrubber(QWidget* parent)
    : QWidget(parent)
    , m_slider(new QSlider(Qt::Horizontal))
    , m_label(new QLabel)
    , m_present(new QPushButton("Present")) {
    m_slider->setObjectName("historySlider");
    m_slider->setRange(0, 0);
    m_slider->setToolTip("History: drag back to see every plot as it stood at an earlier step (a live run "
                         "pauses); the right end is the present.");
    m_present->setObjectName("historyPresent");
    m_present->setToolTip("Back to the present (Start does the same for a live run).");
    m_present->setEnabled(false);
    m_label->setMinimumWidth(m_label->fontMetrics().horizontalAdvance("step 00,000,000 of 00,000,000"));
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(6, 2, 6, 2);
    row->addWidget(new QLabel("History:"));
    row->addWidget(m_slider, 1);
    row->addWidget(m_label);
    row->addWidget(m_present);
    m_slider->installEventFilter(this);
    connect(m_slider, &QSlider::sliderPressed, this, &HistoryScrubber::scrubStarted);
    connect(m_slider, &QSlider::valueChanged, this, &HistoryScrubber::onSliderMoved);
    connect(m_present, &QPushButton::clicked, this, &HistoryScrubber::returnToPresent);
    updateLabel();
}

bool HistoryScrubber::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_slider && event->type() == QEvent::ShortcutOverride) {
        const int key = static_cast<QKeyEvent*>(event)->key();
        if (key == Qt::Key_Left || key == Qt::Key_Right || key == Qt::Key_Home || key == Qt::Key_End ||
            key == Qt::Key_PageUp || key == Qt::Key_PageDown)
            event->accept();
    }
    return QWidget::eventFilter(watched, event);
}

void HistoryScrubber::setSteps(std::vector<std::int64_t> steps) {
    m_steps = std::move(steps);
    syncSlider();
}

void HistoryScrubber::syncSlider() {
    const QSignalBlocker blocker(m_slider);
    m_slider->setRange(0, std::max<int>(0, int(m_steps.size()) - 1));
    if (!m_chosen)
        m_slider->setValue(m_slider->maximum());
    else {
        const auto after = std::upper_bound(m_steps.begin(), m_steps.end(), *m_chosen);
        m_slider->setValue(std::max<int>(0, int(after - m_steps.begin()) - 1));
    }
    updateLabel();
}

RunViews HistoryScrubber::viewsToShow(const RunViews& present) {
    const RunView* longest = nullptr;
    for (const RunView& run : present)
        if (!longest || run.history->lastStep() > longest->history->lastStep())
            longest = &run;
    if (!longest ||
        std::any_of(present.begin(), present.end(), [](auto& run) { return run.history->isEmpty(); }))
        return present;
    if (std::int64_t(m_steps.size()) != longest->history->meanRank.size() ||
        m_steps.back() != longest->history->lastStep())
        setSteps(recordedSteps(*longest->history));
    if (!m_chosen)
        return present;
    std::vector<std::int64_t> key{*m_chosen};
    for (const RunView& run : present)
        key.push_back(run.history->lastStep());
    if (key != m_pastKey) {
        m_pastKey = key;
        m_past.clear();
        m_past.reserve(present.size()); // the views point into it
        m_pastViews.clear();
        for (const RunView& run : present) {
            m_past.push_back(historyAtStep(*run.history, *run.latest, *m_chosen));
            m_pastViews.append({&m_past.back().history, &m_past.back().snapshot, run.label, run.index});
        }
    }
    return m_pastViews;
}

void HistoryScrubber::choose(std::int64_t step) {
    if (m_steps.empty())
        return;
    const auto after = std::upper_bound(m_steps.begin(), m_steps.end(), step);
    m_slider->setValue(std::max<int>(0, int(after - m_steps.begin()) - 1)); // onSliderMoved
}

void HistoryScrubber::onSliderMoved(int position) {
    const bool present = m_steps.empty() || position >= int(m_steps.size()) - 1;
    const std::optional<std::int64_t> chosen =
        present ? std::nullopt : std::optional(m_steps[std::max(position, 0)]);
    if (chosen == m_chosen)
        return;
    m_chosen = chosen;
    updateLabel();
    emit stepChosen();
}

void HistoryScrubber::returnToPresent() {
    if (!m_chosen)
        return;
    m_chosen.reset();
    syncSlider();
    emit stepChosen();
}

void HistoryScrubber::clear() {
    m_chosen.reset();
    m_past.clear();
    m_pastViews.clear();
    m_pastKey.clear();
    setSteps({});
}

void HistoryScrubber::updateLabel() {
    const QLocale locale;
    m_present->setEnabled(m_chosen.has_value());
    if (m_steps.empty())
        m_label->setText("no steps yet");
    else if (!m_chosen)
        m_label->setText("present: step " + locale.toString(qlonglong(m_steps.back())));
    else
        m_label->setText(
            QString("step %1 of %2")
                .arg(locale.toString(qlonglong(*m_chosen)), locale.toString(qlonglong(m_steps.back()))));
}

} // namespace rankscope
