/**
 * The service's main sections, shown to signed-in people; the one the path is in is current.
 * Administrators also see Administration.
 */
export function primaryNavigation(path: string, options: { administrator?: boolean } = {}) {
  const pathname = path.split("?")[0] ?? path;
  return [
    { href: "/your-work", text: "Your work" },
    { href: "/raise", text: "Raise an escalation" },
    { href: "/log", text: "Log" },
    ...(options.administrator === true ? [{ href: "/admin", text: "Administration" }] : []),
  ].map((item) => ({
    ...item,
    current: pathname === item.href || pathname.startsWith(`${item.href}/`),
  }));
}
