"""The Qt desktop app. Thin: widgets lay out and call services; nothing here writes SQL."""
