package eventlog_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// scripts/ensure-pm4py.sh on a machine whose python3.11 has no venv module
// (Debian without python3.11-venv): it must install python3.11-venv through
// apt, as the other ensure scripts install what they need, and build the
// venv with the Debian interpreter. It used to ask for the packages only when
// no python3.11 command existed, so apt was never run and the venv failed.
//
// The script runs from a copy of the project's scripts against stubs: apt-get
// records its arguments and "installs" venv support into the stub
// interpreter, which then records the venv it is asked to create and stops
// there (pm4py's own installation is not under test).
func TestEnsurePM4PyInstallsVenvSupportThroughApt(t *testing.T) {
	root := t.TempDir()
	for _, dir := range []string{"scripts", "tools/pm4py", "stubs"} {
		if err := os.MkdirAll(filepath.Join(root, dir), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	scripts, err := filepath.Glob("../scripts/*.sh")
	if err != nil || len(scripts) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	copies := map[string]string{"../tools/pm4py/requirements.txt": "tools/pm4py/requirements.txt"}
	for _, s := range scripts {
		copies[s] = filepath.Join("scripts", filepath.Base(s))
	}
	for from, to := range copies {
		b, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, to), b, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	stubs := filepath.Join(root, "stubs")
	log := filepath.Join(root, "calls.log")
	installed := filepath.Join(root, "venv-installed")
	// A python that cannot make a venv until apt has installed venv support;
	// then it answers the script's checks and records the venv it creates.
	python := `#!/bin/sh
echo "$(basename "$0") $*" >>` + log + `
[ -e ` + installed + ` ] || exit 1
[ "$1" = "-m" ] && [ "$2" = "venv" ] && exit 3
exit 0
`
	stubFiles := map[string]string{
		"python3":       "#!/bin/sh\necho \"python3 $*\" >>" + log + "\nexit 1\n",
		"python3.11":    "#!/bin/sh\necho \"python3.11 $*\" >>" + log + "\nexit 1\n",
		"debian-python": python,
		"apt-get": `#!/bin/sh
echo "apt-get $*" >>` + log + `
case " $* " in *" install "*python3.11-venv*) touch ` + installed + `;; esac
exit 0
`,
		"sudo": "#!/bin/sh\nexec \"$@\"\n",
	}
	for name, body := range stubFiles {
		if err := os.WriteFile(filepath.Join(stubs, name), []byte(body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(filepath.Join(root, "scripts", "ensure-pm4py.sh"))
	cmd.Env = append(os.Environ(),
		"PATH="+stubs+":/usr/bin:/bin",
		"PYTHON="+filepath.Join(stubs, "python3"),
		"PM4PY_SYSTEM_PYTHON="+filepath.Join(stubs, "debian-python"))
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Errorf("the script succeeded against stubs that cannot install pm4py:\n%s", out)
	}
	calls, _ := os.ReadFile(log)
	var apt, venv bool
	for _, line := range strings.Split(string(calls), "\n") {
		f := strings.Fields(line)
		apt = apt || (len(f) > 0 && f[0] == "apt-get" && slices.Contains(f, "install") && slices.Contains(f, "python3.11-venv"))
		venv = venv || (len(f) > 3 && f[0] == "debian-python" && f[1] == "-m" && f[2] == "venv" && f[3] == filepath.Join(root, ".cache", "pm4py-venv"))
	}
	if !apt {
		t.Errorf("apt-get was not asked to install python3.11-venv; calls:\n%s\noutput:\n%s", calls, out)
	}
	if !venv {
		t.Errorf("the venv was not created with the Debian python3.11; calls:\n%s\noutput:\n%s", calls, out)
	}
}
