/** A keyboard shortcut shown on a control. */
export function Kbd({ k }: { k: string }) {
  return (
    <kbd className="kbd" aria-hidden="true">
      {k === 'Escape' ? 'Esc' : k === 'Enter' ? '↵' : k.toUpperCase()}
    </kbd>
  );
}
