// The "compare" member of a preset as JSON (the runs it describes: common/comparison.h):
//
//   "compare": [ {"label": "SGD, B = 8", "set": {"train.full_batch": false}},
//                {"set": {"train.full_batch": true}} ]
//
// Values are JSON numbers, booleans, strings or arrays, kept in --set's text form.
#pragma once

#include "common/run_config.h"

#include <QByteArray>
#include <QJsonValue>
#include <QString>
#include <vector>

namespace rankscope {

// Parses the "compare" member; returns an empty string on success, else "compare[i].set.key: problem".
QString comparisonFromJson(const QJsonValue& value, std::vector<RunVariant>& variants);

// The "compare" member's value as indented JSON (an array), for presetToJson.
QByteArray comparisonToJson(const std::vector<RunVariant>& variants);

} // namespace rankscope
