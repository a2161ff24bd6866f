#!/usr/bin/env bash
# Installs (or upgrades, or removes) hubapp from this unpacked tarball.
#
#   ./install.sh               for everyone (run with sudo): /opt/hubapp, /usr/local/bin/hubapp
#   ./install.sh --user        for you alone: ~/.local/opt/hubapp, ~/.local/bin/hubapp
#   ./install.sh --uninstall   (add --user if it was installed with --user)
#
# Upgrading is installing again: the old program folder is replaced. A hub's data lives in
# each user's ~/.local/share/hubapp and is never touched here; hubapp backs the database up
# itself before it upgrades it.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
SCOPE=system
ACTION=install
for arg in "$@"; do
    case $arg in
        --user) SCOPE=user ;;
        --uninstall) ACTION=uninstall ;;
        -h | --help)
            sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *)
            echo "install.sh: unknown option $arg (try --help)" >&2
            exit 2
            ;;
    esac
done

if [[ $SCOPE == user ]]; then
    PREFIX=$HOME/.local/opt/hubapp
    BIN=$HOME/.local/bin
    SHARE=${XDG_DATA_HOME:-$HOME/.local/share}
else
    if [[ $(id -u) -ne 0 ]]; then
        echo "install.sh: installing for everyone needs sudo (or use --user)" >&2
        exit 1
    fi
    PREFIX=/opt/hubapp
    BIN=/usr/local/bin
    SHARE=/usr/local/share
fi
APPS=$SHARE/applications
ICONS=$SHARE/icons/hicolor

refresh_menus() { # best effort: menus pick the changes up at the next log-in anyway
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$APPS" || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1; then
        gtk-update-icon-cache -q -t "$ICONS" 2>/dev/null || true
    fi
}

if [[ $ACTION == uninstall ]]; then
    rm -rf "$PREFIX"
    rm -f "$BIN/hubapp" "$APPS/hubapp.desktop" "$APPS/hubapp-kiosk.desktop"
    find "$ICONS" -path '*/apps/hubapp.*' -delete 2>/dev/null || true
    refresh_menus
    echo "hubapp removed. Each user's hub data in ~/.local/share/hubapp is still there."
    exit 0
fi

# Into a new folder first, then swapped in, so a failed copy leaves the old version working.
mkdir -p "$(dirname "$PREFIX")" "$BIN" "$APPS"
rm -rf "$PREFIX.new"
cp -a "$HERE/hubapp" "$PREFIX.new"
rm -rf "$PREFIX.old"
[[ -e $PREFIX ]] && mv "$PREFIX" "$PREFIX.old"
mv "$PREFIX.new" "$PREFIX"
rm -rf "$PREFIX.old"
ln -sfn "$PREFIX/hubapp" "$BIN/hubapp"

for entry in hubapp.desktop hubapp-kiosk.desktop; do
    # The menu starts the installed program by its full path, whatever PATH holds.
    sed "s|^Exec=hubapp|Exec=$PREFIX/hubapp|" "$HERE/share/applications/$entry" >"$APPS/$entry"
done
(cd "$HERE/share/icons/hicolor" && find . -name 'hubapp.*' -print0 | while IFS= read -r -d '' icon; do
    mkdir -p "$ICONS/$(dirname "$icon")"
    cp "$icon" "$ICONS/$icon"
done)
refresh_menus

echo "hubapp $("$PREFIX/hubapp" --version | cut -d' ' -f2) installed in $PREFIX."
echo "Start it from the applications menu, or run: $BIN/hubapp"
