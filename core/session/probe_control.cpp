#include "session/probe_control.h"

#include <QDir>
#include <QFileInfo>

namespace rankscope {

std::vector<ChangeEvent> changeMarkers(const QList<AppliedChange>& changes) {
    std::vector<ChangeEvent> events;
    for (const AppliedChange& change : changes) {
        bool oldOk = false, newOk = false;
        const double oldValue = change.oldValue.toDouble(&oldOk), newValue = change.newValue.toDouble(&newOk);
        if (oldOk && newOk)
            events.push_back({change.step, change.key, oldValue, newValue});
    }
    return events;
}

ProbeControl::ProbeControl(QString directory, int pollMilliseconds, QObject* parent)
    : QObject(parent)
    , m_directory(std::move(directory)) {
    m_poll.setInterval(pollMilliseconds);
    connect(&m_poll, &QTimer::timeout, this, &ProbeControl::poll);
}

void ProbeControl::start() {
    // Answers to requests of an earlier window are old news.
    if (const std::optional<ControlAck> ack = readControlAck(m_directory))
        m_answered = ack->sequence;
    poll();
    m_poll.start();
}

Status ProbeControl::request(const ControlRequest& settings) {
    ControlRequest numbered = settings;
    numbered.sequence = nextControlSequence(m_directory);
    return writeControlFile(m_directory, numbered);
}

void ProbeControl::poll() {
    readEvents();
    readAck();
}

void ProbeControl::readEvents() {
    const QFileInfo info(QDir(m_directory).filePath("events.csv"));
    if (!info.exists() || (info.size() == m_eventsSize && info.lastModified() == m_eventsModified))
        return;
    const Result<QList<AppliedChange>> changes = readAppliedChanges(m_directory);
    if (!changes) {
        if (changes.error() != m_lastError)
            emit readFailed(changes.error());
        m_lastError = changes.error();
        return;
    }
    m_eventsSize = info.size();
    m_eventsModified = info.lastModified();
    m_events = changeMarkers(changes.value());
    emit eventsChanged();
}

void ProbeControl::readAck() {
    // Read at every poll (the file is a few hundred bytes): two acknowledgements written within the
    // file system's timestamp granularity have the same modification time; their sequences differ.
    const std::optional<ControlAck> ack = readControlAck(m_directory);
    if (!ack || ack->sequence <= m_answered)
        return; // none yet, being replaced (read again at the next poll), or already reported
    m_answered = ack->sequence;
    if (ack->rejected.isEmpty())
        emit applied(ack->sequence, ack->step);
    else
        emit rejected(ack->sequence, ack->rejected.join("; "));
}

} // namespace rankscope
