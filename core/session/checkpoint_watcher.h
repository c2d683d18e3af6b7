// CheckpointWatcher: follows a folder another program writes checkpoints into (`--watch DIR`) and
// reports each new checkpoint once, in step order (io/checkpoint_list.h decides what counts).
// Change notices come from QFileSystemWatcher; a polling timer backs them up, since notices do not
// cross NFS or sshfs, where a cluster job writes to a shared file system.
// A file is reported only once its size and modification time have stayed the same across two
// scans, so a writer that does not rename atomically is not caught half-way; temporary names are
// never listed at all. A reported file that fails to parse can be handed back (retryWhenChanged):
// it is reported again once it has changed and settled (a writer that paused half-way), and never
// while it stays as it is (a broken file is not analysed over and over).
#pragma once

#include "io/checkpoint_list.h"

#include <QDateTime>
#include <QFileSystemWatcher>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <map>

namespace rankscope {

class CheckpointWatcher : public QObject {
    Q_OBJECT
public:
    explicit CheckpointWatcher(QString path, int pollMilliseconds = 500, QObject* parent = nullptr);

    void start(); // scans now, then on every change notice and every poll

    // For a reported file that failed to parse: report it again when it has changed.
    void retryWhenChanged(const CheckpointFile& file);

signals:
    void checkpointArrived(const rankscope::CheckpointFile& file);
    void listingFailed(const QString& message); // once per distinct message, e.g. a folder of pickles

private:
    struct FileState {
        qint64 size = -1;
        QDateTime modified;
        bool operator==(const FileState&) const = default;
    };
    static FileState stateOf(const QString& path);
    void scan();

    QString m_path;
    QFileSystemWatcher m_notices;
    QTimer m_poll;
    std::map<QString, FileState> m_pending;  // seen once, waiting to be seen unchanged
    std::map<QString, FileState> m_reported; // reported, with their state at that moment
    QSet<QString> m_failed;                  // reported, failed, waiting for a change
    QString m_lastListingError;
};

} // namespace rankscope
