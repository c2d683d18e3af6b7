#include "divergence_notice.h"

#include "theme.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

namespace rankscope {
namespace {

// The headline stands out from the plot titles around it.
constexpr double kHeadlineScale = 1.3;

QString capitalized(QString text) {
    if (!text.isEmpty())
        text[0] = text[0].toUpper();
    return text;
}

QString details(const Snapshot& snapshot) {
    const QLocale locale;
    QString text = snapshot.divergence ? capitalized(snapshot.divergence->evidence) + ". " : QString();
    if (snapshot.rollbackStep >= 0)
        return text + QString("Roll back to step %1, the last healthy state, with a lower learning rate — or "
                              "reset to step 0.")
                          .arg(locale.toString(snapshot.rollbackStep));
    return text + "No healthy state was kept: lower the learning rate and reset.";
}

} // namespace

DivergenceNotice::DivergenceNotice(QWidget* parent)
    : QFrame(parent)
    , m_headline(new QLabel)
    , m_details(new QLabel)
    , m_rollBackHalf(new QPushButton("Roll back, lr ÷ 2"))
    , m_rollBackTenth(new QPushButton("Roll back, lr ÷ 10"))
    , m_reset(new QPushButton("Reset")) {
    setObjectName("divergenceNotice");
    setStyleSheet("#divergenceNotice { background: #fde8e8; border: 3px solid #b00000; border-radius: 6px; }"
                  "#divergenceNotice QLabel { color: #5a0000; }"
                  "#divergenceNotice QPushButton { padding: 0.3em 1em; }");
    m_headline->setObjectName("headline");
    m_details->setObjectName("details");
    for (QLabel* label : {m_headline, m_details}) {
        label->setWordWrap(true);
        label->setTextFormat(Qt::PlainText);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    m_rollBackHalf->setToolTip(
        "Return to the last healthy state and continue, paused, with half the learning rate.");
    m_rollBackTenth->setToolTip(
        "Return to the last healthy state and continue, paused, with a tenth of the learning rate.");
    m_reset->setToolTip("Restart from step 0 with the current settings.");

    auto* buttons = new QHBoxLayout;
    for (QPushButton* button : {m_rollBackHalf, m_rollBackTenth, m_reset})
        buttons->addWidget(button);
    buttons->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(14, 10, 14, 10);
    layout->addWidget(m_headline);
    layout->addWidget(m_details);
    layout->addLayout(buttons);

    connect(m_rollBackHalf, &QPushButton::clicked, this, [this] { emit rollBackRequested(0.5); });
    connect(m_rollBackTenth, &QPushButton::clicked, this, [this] { emit rollBackRequested(0.1); });
    connect(m_reset, &QPushButton::clicked, this, &DivergenceNotice::resetRequested);
    applyTheme(Theme::light());
    hide();
}

void DivergenceNotice::setRunLabel(const QString& label) {
    m_runLabel = label;
}

void DivergenceNotice::applyTheme(const Theme& theme) {
    QFont headlineFont = theme.titleFont;
    headlineFont.setPointSizeF(headlineFont.pointSizeF() * kHeadlineScale);
    m_headline->setFont(headlineFont);
    m_details->setFont(theme.labelFont);
    for (QPushButton* button : {m_rollBackHalf, m_rollBackTenth, m_reset})
        button->setFont(theme.labelFont);
}

QString DivergenceNotice::headline(const QString& runLabel, const Snapshot& snapshot) {
    QString text = QString("Diverged at step %1").arg(QLocale().toString(snapshot.divergedAtStep));
    if (!runLabel.isEmpty())
        text = runLabel + ": " + text;
    if (snapshot.divergence)
        text += " — likely cause: " + snapshot.divergence->summary;
    return text;
}

void DivergenceNotice::showSnapshot(const Snapshot& snapshot) {
    if (snapshot.state != RunState::Diverged) {
        hide();
        return;
    }
    m_headline->setText(headline(m_runLabel, snapshot));
    m_details->setText(details(snapshot));
    m_rollBackHalf->setEnabled(snapshot.rollbackStep >= 0);
    m_rollBackTenth->setEnabled(snapshot.rollbackStep >= 0);
    show();
}

} // namespace rankscope
