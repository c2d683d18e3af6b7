#include "checkpoints/analysis_progress.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

namespace rankscope {

AnalysisProgress::AnalysisProgress(QWidget* parent)
    : QWidget(parent)
    , m_label(new QLabel)
    , m_bar(new QProgressBar)
    , m_cancel(new QPushButton("Cancel")) {
    m_cancel->setObjectName("cancelAnalysis");
    m_cancel->setToolTip("Stop analysing: the plots keep the checkpoints analysed so far.");
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(6, 2, 6, 2);
    row->addWidget(m_label);
    row->addWidget(m_bar, 1);
    row->addWidget(m_cancel);
    connect(m_cancel, &QPushButton::clicked, this, &AnalysisProgress::cancelRequested);
    setVisible(false);
}

void AnalysisProgress::showProgress(int done, int total) {
    if (done >= total) {
        finish();
        return;
    }
    m_label->setText(QString("Analysing checkpoint %1 of %2 (all cores)").arg(done + 1).arg(total));
    m_bar->setRange(0, total > 1 ? total : 0);
    m_bar->setValue(done);
    setVisible(true);
}

void AnalysisProgress::finish() {
    setVisible(false);
}

} // namespace rankscope
