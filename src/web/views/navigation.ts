/**
 * The service's main sections, shown to signed-in people; the one the path is in is current.
 * Raising is offered to those who may raise (people in an agency); administrators also see
 * Administration.
 */
export function primaryNavigation(
  path: string,
  options: { raise?: boolean; administrator?: boolean } = {},
) {
  const pathname = path.split("?")[0] ?? path;
  return [
    { href: "/your-work", text: "Your work" },
    ...(options.raise === false ? [] : [{ href: "/raise", text: "Raise an escalation" }]),
    { href: "/log", text: "Log" },
    ...(options.administrator === true ? [{ href: "/admin", text: "Administration" }] : []),
  ].map((item) => ({
    ...item,
    current: pathname === item.href || pathname.startsWith(`${item.href}/`),
  }));
}
