// DivergenceNotice: the banner a diverged run shows above its plots — "Diverged at step N — likely
// cause: …", the evidence in one sentence, and what to do: roll back to the last healthy state with
// lr ÷ 2 or lr ÷ 10, or reset to step 0. One notice per run: in comparison mode each run's notice names
// its run (setRunLabel), and its signals go to that run's TrainingSession. It only presents and asks;
// the owner connects rollBackRequested to TrainingSession::rollBack and resetRequested to its reset.
// Fonts come from the Theme (the talk theme makes it readable at the back of a lecture hall); the
// colours are a fixed dark-red-on-pale-red warning that keeps its contrast on any projector.
#pragma once

#include "session/snapshot.h"

#include <QFrame>

class QLabel;
class QPushButton;

namespace rankscope {

struct Theme;

class DivergenceNotice : public QFrame {
    Q_OBJECT
public:
    explicit DivergenceNotice(QWidget* parent = nullptr);

    // "Run B" in comparison mode; empty for a single run.
    void setRunLabel(const QString& label);
    void applyTheme(const Theme& theme);
    // Shows the notice for a Diverged snapshot, hides it for any other state.
    void showSnapshot(const Snapshot& snapshot);

    // "Run B: Diverged at step 1,234 — likely cause: lr = 3 too large for batch size 8" (exposed for tests).
    static QString headline(const QString& runLabel, const Snapshot& snapshot);

signals:
    void rollBackRequested(double lrFactor); // 0.5 or 0.1
    void resetRequested();

private:
    QString m_runLabel;
    QLabel* m_headline;
    QLabel* m_details;
    QPushButton* m_rollBackHalf;
    QPushButton* m_rollBackTenth;
    QPushButton* m_reset;
};

} // namespace rankscope
