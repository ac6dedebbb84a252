#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check the Flatpak manifest without flatpak-builder or a network.

The manifest must be valid JSON without duplicate keys, name the expected
app id and command, pin every third-party source (an archive by sha256, a
git source by commit or tag), and end with the meson build of the project
that contains it, so that a moved manifest or a reordered module list fails
here rather than on a build server.

Usage: check-flatpak-manifest.py MANIFEST --app-id ID --command NAME
"""

import argparse
import json
import os
import re
import sys

SHA256 = re.compile(r"^[0-9a-f]{64}$")
COMMIT = re.compile(r"^[0-9a-f]{40}$")
PROJECT = re.compile(r"^\s*project\s*\(\s*'([^']+)'", re.MULTILINE)


class Checker:
    def __init__(self, path):
        self.path = path
        self.errors = []

    def fail(self, message):
        self.errors.append(message)

    def check_source(self, module_name, index, source):
        where = f"module '{module_name}', source {index}"
        if not isinstance(source, dict):
            # A string names a source file beside the manifest.
            if not os.path.isfile(os.path.join(os.path.dirname(self.path), str(source))):
                self.fail(f"{where}: no file {source!r} beside the manifest")
            return
        kind = source.get("type")
        if kind in ("archive", "file"):
            if not str(source.get("url", "")).startswith("https://"):
                self.fail(f"{where}: {kind} source needs an https:// url")
            if not SHA256.match(str(source.get("sha256", ""))):
                self.fail(f"{where}: {kind} source needs a sha256 of 64 hex digits")
        elif kind == "git":
            if not str(source.get("url", "")).startswith("https://"):
                self.fail(f"{where}: git source needs an https:// url")
            commit = source.get("commit")
            if commit is not None and not COMMIT.match(str(commit)):
                self.fail(f"{where}: git commit must be 40 hex digits")
            if commit is None and not source.get("tag"):
                self.fail(f"{where}: git source must be pinned by tag or commit")
            if source.get("branch") and commit is None:
                self.fail(f"{where}: a git branch without a commit is not reproducible")
        elif kind in ("dir", "patch", "shell", "script"):
            pass
        else:
            self.fail(f"{where}: unknown source type {kind!r}")

    def check_project_module(self, module):
        name = module.get("name")
        if module.get("buildsystem") != "meson":
            self.fail(f"last module '{name}' must use buildsystem meson, "
                      f"not {module.get('buildsystem')!r}")
        dirs = [s for s in module.get("sources", [])
                if isinstance(s, dict) and s.get("type") == "dir"]
        if len(dirs) != 1:
            self.fail(f"last module '{name}' must have exactly one 'dir' source, "
                      f"the project checkout")
            return
        root = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(self.path)),
                                             dirs[0].get("path", "")))
        meson_build = os.path.join(root, "meson.build")
        try:
            with open(meson_build, encoding="utf-8") as f:
                match = PROJECT.search(f.read())
        except OSError as e:
            self.fail(f"last module '{name}': its dir source {dirs[0].get('path')!r} "
                      f"has no readable meson.build ({e.strerror})")
            return
        here = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
        if root != here:
            self.fail(f"last module '{name}': its dir source is {root}, "
                      f"not this project ({here})")
        if not match or match.group(1) != name:
            self.fail(f"last module '{name}': {meson_build} declares project "
                      f"{match.group(1) if match else None!r}")

    def run(self, app_id, command):
        def no_duplicates(pairs):
            keys = [k for k, _ in pairs]
            for k in set(keys):
                if keys.count(k) > 1:
                    self.fail(f"duplicate key {k!r}")
            return dict(pairs)

        try:
            with open(self.path, encoding="utf-8") as f:
                manifest = json.load(f, object_pairs_hook=no_duplicates)
        except (OSError, ValueError) as e:
            self.fail(f"cannot parse: {e}")
            return

        if not isinstance(manifest, dict):
            self.fail("the manifest is not a JSON object")
            return
        if manifest.get("app-id", manifest.get("id")) != app_id:
            self.fail(f"app-id is {manifest.get('app-id', manifest.get('id'))!r}, "
                      f"expected {app_id!r}")
        if manifest.get("command") != command:
            self.fail(f"command is {manifest.get('command')!r}, expected {command!r}")
        for key in ("runtime", "runtime-version", "sdk"):
            if not manifest.get(key):
                self.fail(f"{key} is missing")

        finish_args = manifest.get("finish-args", [])
        for arg in set(finish_args):
            if finish_args.count(arg) > 1:
                self.fail(f"finish-arg {arg} is listed twice")
        if "--filesystem=host" in finish_args or "--filesystem=home" in finish_args:
            self.fail("finish-args must not grant the whole home or host file system")

        modules = manifest.get("modules")
        if not isinstance(modules, list) or not modules:
            self.fail("modules is missing or empty")
            return
        names = []
        for i, module in enumerate(modules):
            if isinstance(module, str):
                # A path to a module file beside the manifest.
                if not os.path.isfile(os.path.join(os.path.dirname(self.path), module)):
                    self.fail(f"module {i}: no file {module!r} beside the manifest")
                continue
            name = module.get("name")
            if not name:
                self.fail(f"module {i} has no name")
                continue
            names.append(name)
            if not module.get("sources"):
                self.fail(f"module '{name}' has no sources")
            for j, source in enumerate(module.get("sources", [])):
                self.check_source(name, j, source)
        for name in set(names):
            if names.count(name) > 1:
                self.fail(f"module name '{name}' is used twice")

        if isinstance(modules[-1], dict):
            self.check_project_module(modules[-1])
        else:
            self.fail("the last module must be this project, not a module file")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("manifest")
    parser.add_argument("--app-id", required=True)
    parser.add_argument("--command", required=True)
    args = parser.parse_args()

    checker = Checker(args.manifest)
    checker.run(args.app_id, args.command)
    for error in checker.errors:
        print(f"{args.manifest}: {error}", file=sys.stderr)
    if checker.errors:
        return 1
    print(f"{args.manifest}: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
