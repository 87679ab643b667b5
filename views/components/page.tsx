import type { Ui } from '../ui';

/** The page's h1 with an optional line under it. */
export function PageTitle({ title, intro }: { title: string; intro?: string }) {
  if (!intro) return <h1>{title}</h1>;
  return (
    <hgroup>
      <h1>{title}</h1>
      <p>{intro}</p>
    </hgroup>
  );
}

/** Where this page sits: links to the pages above it, then the current page's name. */
export function Breadcrumb({ ui, trail, current }: { ui: Ui; trail: Array<{ href: string; label: string }>; current: string }) {
  return (
    <nav class="breadcrumb" aria-label={ui.t('a11y.breadcrumb')}>
      <ul>
        {trail.map((step) => (
          <li>
            <a href={step.href}>{step.label}</a>
          </li>
        ))}
        <li aria-current="page">{current}</li>
      </ul>
    </nav>
  );
}
