// ProbeControl: the window's end of a watched training's live knobs (`rankscope --watch DIR` with
// python/rankscope_probe.py; the files are io/control_file.h's). request() writes DIR/control.json
// with the next sequence number; a polling timer (file-system notices do not cross NFS or sshfs,
// where a cluster job writes) reads DIR/events.csv, the changes the training applied, and
// DIR/control_ack.json, which says whether the last request was applied or what was rejected, so a
// change the training could not make is shown, never silently lost.
#pragma once

#include "common/result.h"
#include "io/control_file.h"
#include "session/change_event.h"

#include <QDateTime>
#include <QObject>
#include <QTimer>
#include <vector>

namespace rankscope {

// The changes a training applied as change markers; a row whose values are not both numbers (a batch
// size handed to a callback has no old value) is left out.
std::vector<ChangeEvent> changeMarkers(const QList<AppliedChange>& changes);

class ProbeControl : public QObject {
    Q_OBJECT
public:
    explicit ProbeControl(QString directory, int pollMilliseconds = 500, QObject* parent = nullptr);

    void start(); // reads the files now, then at every poll

    // Asks the training for new settings (the keys given); the answer comes as applied() or rejected().
    Status request(const ControlRequest& settings);
    // The changes the training applied, oldest first, as change markers read them.
    const std::vector<ChangeEvent>& events() const { return m_events; }

signals:
    void eventsChanged();
    void applied(qint64 sequence, qint64 step);
    void rejected(qint64 sequence, const QString& reasons); // "key: why; key: why"
    void readFailed(const QString& message);                // once per distinct message

private:
    void poll();
    void readEvents();
    void readAck();

    QString m_directory;
    QTimer m_poll;
    std::vector<ChangeEvent> m_events;
    QDateTime m_eventsModified;
    qint64 m_eventsSize = -1;
    qint64 m_answered = 0; // the last sequence whose acknowledgement was reported
    QString m_lastError;
};

} // namespace rankscope
