#!/bin/sh
# The README's screenshot of the window watching a PyTorch training (docs/watch.png): in a virtual
# X server (xvfb-run), starts watch_demo.py with the probe and `rankscope --watch` on its folder,
# turns the weight decay to 0 half-way through as the window's knob does (control.json), and grabs
# the screen (ImageMagick's import) once the training has ended and its last checkpoint is shown.
#
#   tests/bench/watch_screenshot.sh build/release/app/rankscope docs/watch.png
set -eu
rankscope=$(realpath "$1")
image=$(realpath -m "$2")
demo=$(dirname "$(realpath "$0")")/watch_demo.py
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

xvfb-run -a -s "-screen 0 1600x1000x24" sh -c '
    run=$2
    /usr/bin/python3 "$4" "$run" --steps 4000 & training=$!
    while [ ! -f "$run/config.json" ]; do sleep 0.5; done
    "$1" --watch "$run" & app=$!
    while [ "$(ls "$run/weights" | wc -l)" -lt 80 ]; do sleep 0.5; done
    printf "{\"sequence\": 1, \"weight_decay\": 0}" > "$run/.control.json.tmp"
    mv "$run/.control.json.tmp" "$run/control.json"
    wait $training
    sleep 10
    import -window root "$3"
    kill $app' sh "$rankscope" "$work/run" "$image" "$demo"
echo "wrote $image"
