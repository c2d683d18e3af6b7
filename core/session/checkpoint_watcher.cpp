#include "session/checkpoint_watcher.h"

#include <QDir>
#include <QFileInfo>

namespace rankscope {

CheckpointWatcher::CheckpointWatcher(QString path, int pollMilliseconds, QObject* parent)
    : QObject(parent)
    , m_path(std::move(path)) {
    m_poll.setInterval(pollMilliseconds);
    connect(&m_poll, &QTimer::timeout, this, &CheckpointWatcher::scan);
    connect(&m_notices, &QFileSystemWatcher::directoryChanged, this, &CheckpointWatcher::scan);
}

void CheckpointWatcher::start() {
    scan();
    m_poll.start();
}

CheckpointWatcher::FileState CheckpointWatcher::stateOf(const QString& path) {
    const QFileInfo info(path);
    return info.exists() ? FileState{info.size(), info.lastModified()} : FileState{};
}

void CheckpointWatcher::retryWhenChanged(const CheckpointFile& file) {
    if (m_reported.count(file.path))
        m_failed.insert(file.path);
}

void CheckpointWatcher::scan() {
    for (const QString& folder : {m_path, QDir(m_path).filePath("weights")})
        if (QFileInfo(folder).isDir() && !m_notices.directories().contains(folder))
            m_notices.addPath(folder);
    const Result<CheckpointList> list = listCheckpoints(m_path);
    if (!list) {
        if (list.error() != m_lastListingError)
            emit listingFailed(list.error());
        m_lastListingError = list.error();
        return;
    }
    for (const CheckpointFile& file : list->files) {
        const FileState now = stateOf(file.path);
        if (m_failed.contains(file.path) && !(m_reported[file.path] == now)) {
            m_failed.remove(file.path);
            m_reported.erase(file.path);
        }
        if (m_reported.count(file.path))
            continue;
        const auto pending = m_pending.find(file.path);
        if (pending == m_pending.end() || !(pending->second == now)) {
            m_pending[file.path] = now; // new or still changing: look again at the next scan
            continue;
        }
        m_pending.erase(pending);
        m_reported[file.path] = now;
        emit checkpointArrived(file);
    }
}

} // namespace rankscope
