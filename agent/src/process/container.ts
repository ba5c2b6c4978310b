// The container a process runs in, read from its cgroup paths (/proc/<pid>/cgroup). Runtimes
// name the container's cgroup after its 64-hex id:
//   docker (cgroupfs driver)      /docker/<id>
//   docker (systemd driver)       /system.slice/docker-<id>.scope
//   kubernetes + containerd       /kubepods.slice/…/cri-containerd-<id>.scope  or /kubepods/…/pod<uid>/<id>
//   kubernetes + cri-o            /kubepods.slice/…/crio-<id>.scope
//   podman                        /machine.slice/libpod-<id>.scope[/container]
// conmon, the monitor beside each podman/cri-o container, lives in libpod-conmon-<id>.scope or
// crio-conmon-<id>.scope: it is not inside the container, so those names are not matched.

const CONTAINER_SEGMENT = /^(?:docker-|cri-containerd-|crio-|libpod-)?([0-9a-f]{64})(?:\.scope)?$/;

export function containerIdFromCgroup(text: string): string | undefined {
  let found: string | undefined;
  for (const line of text.split("\n")) {
    // hierarchy-id:controllers:path; the path itself may contain ":".
    const first = line.indexOf(":");
    const second = line.indexOf(":", first + 1);
    if (first < 0 || second < 0) continue;
    for (const segment of line.slice(second + 1).split("/")) {
      // The innermost match wins (a container started inside another container).
      const id = CONTAINER_SEGMENT.exec(segment)?.[1];
      if (id !== undefined) found = id;
    }
  }
  return found;
}
