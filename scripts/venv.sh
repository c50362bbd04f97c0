# Shared by ./run and ./test: create .venv with a Python >= 3.11 and install newsbot into it.
# The install is repeated only when pyproject.toml changes (a stamp file remembers it).

find_python() {
  for candidate in python3.13 python3.12 python3.11 python3 python; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  echo "newsbot needs Python 3.11 or newer; none was found on PATH" >&2
  return 1
}

ensure_venv() {
  local extras="$1"
  local stamp=".venv/.installed${extras}"
  if [ ! -x .venv/bin/python ]; then
    "$(find_python)" -m venv .venv
  fi
  if [ -z "$extras" ]; then
    # Any install with extras holds the plain one too.
    local any
    for any in .venv/.installed*; do
      if [ -f "$any" ] && [ ! pyproject.toml -nt "$any" ]; then
        return 0
      fi
    done
  fi
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    .venv/bin/python -m pip install --quiet --upgrade pip >&2
    if [[ "$extras" == *semantic* ]] && ! .venv/bin/python -c 'import torch' 2>/dev/null; then
      # PyTorch for the semantic model: a version whose CPU build pip finds on this machine
      # kind; an open range would take a CUDA build of several GB.
      .venv/bin/python -m pip install --quiet "torch==2.13.0" >&2
    fi
    .venv/bin/python -m pip install --quiet -e ".${extras}" >&2
    touch "$stamp"
  fi
}
