"""Text the list documents must carry through PostgreSQL to the response exactly as the legacy service did."""

# Every character JSON writers could disagree on (PostgreSQL text holds no NUL): quotes, backslashes, control
# characters, slashes, non-ASCII, astral characters and the line separators JavaScript once choked on.
AWKWARD_TEXT = 'He said "it\'s \\fine"\n\t\r\x01\x1f\x7f</script> ünïcödé 🧥 \u2028\u2029 €'
