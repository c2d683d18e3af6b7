// AnalysisProgress: the row that says how far the analysis of checkpoints has got ("checkpoint 3
// of 40") with a progress bar and a Cancel button. Hidden while nothing is being analysed. A single
// checkpoint's bar is busy (it moves without a percentage): one large file gives no count to show.
#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace rankscope {

class AnalysisProgress : public QWidget {
    Q_OBJECT
public:
    explicit AnalysisProgress(QWidget* parent = nullptr);

    // `done` of `total` checkpoints analysed; shows the row while done < total.
    void showProgress(int done, int total);
    void finish(); // hides the row

    QPushButton* cancelButton() const { return m_cancel; }

signals:
    void cancelRequested();

private:
    QLabel* m_label;
    QProgressBar* m_bar;
    QPushButton* m_cancel;
};

} // namespace rankscope
