#include "video/video_output.h"

#include <QDir>
#include <cmath>

namespace rankscope {

int VideoSettings::frameCount() const {
    return std::max(1, static_cast<int>(std::lround(fps * seconds)));
}

Status VideoOutput::open(const VideoSettings& settings) {
    m_settings = settings;
    m_frames = 0;
    if (!settings.framesDir.isEmpty() && !QDir().mkpath(settings.framesDir))
        return Status::failure(QString("%1: cannot create the folder").arg(settings.framesDir));
    if (settings.path.isEmpty())
        return success();
    m_encoder.emplace();
    return m_encoder->start(settings.path, settings.size, settings.fps);
}

Status VideoOutput::write(const QImage& frame) {
    ++m_frames;
    if (!m_settings.framesDir.isEmpty()) {
        const QString name =
            QDir(m_settings.framesDir).filePath(QString("frame_%1.png").arg(m_frames, 5, 10, QChar('0')));
        if (!frame.save(name, "PNG"))
            return Status::failure(QString("%1: cannot write").arg(name));
    }
    return m_encoder ? m_encoder->write(frame) : success();
}

Status VideoOutput::finish() {
    if (!m_encoder)
        return success();
    const Status finished = m_encoder->finish();
    m_encoder.reset();
    return finished;
}

} // namespace rankscope
