// The live knobs of a watched training (`--watch DIR` with python/rankscope_probe.py):
//   DIR/control.json   written here: {"sequence": n, "lr": x, "weight_decay": y} (keys as set), atomically
//                      (a temporary file renamed over it), n increasing with every request
//   DIR/events.csv     written by the probe: step,key,old,new for every change it applied
//   DIR/control_ack.json  written by the probe: the sequence it read, what it applied and rejected
// The probe applies a request with a sequence number above the last one it applied, so requests are
// never applied twice and a restarted window continues the count (nextControlSequence).
#pragma once

#include "common/result.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace rankscope {

struct ControlRequest {
    qint64 sequence = 1;
    std::optional<double> lr, weightDecay;
    std::optional<int> batchSize;
};

// 1 + the sequence number in DIR/control.json, or 1 if there is none.
qint64 nextControlSequence(const QString& directory);

Status writeControlFile(const QString& directory, const ControlRequest& request);

// One row of DIR/events.csv: a change the training applied, at `step`.
struct AppliedChange {
    qint64 step = 0;
    QString key, oldValue, newValue;
};

// The rows of DIR/events.csv (none if it does not exist); a malformed row is an error naming the line.
Result<QList<AppliedChange>> readAppliedChanges(const QString& directory);

// DIR/control_ack.json: what the training did with the request of `sequence`, at `step`.
struct ControlAck {
    qint64 sequence = 0;
    qint64 step = 0;
    QStringList applied;  // keys
    QStringList rejected; // "key: why", e.g. "weight_decay: the optimizer has no weight_decay"
};

// Nothing when there is no acknowledgement (yet) or it is not a JSON object with a sequence.
std::optional<ControlAck> readControlAck(const QString& directory);

} // namespace rankscope
