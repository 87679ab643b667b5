import type { RatingTarget } from '../../src/feedback/ratings';
import { RATING_SCORES, formatAverage } from '../../src/feedback/policy';
import type { SatisfactionReport, SatisfactionRow, SatisfactionSubject, SubjectRatings } from '../../src/feedback/ratings';
import type { MessageKey } from '../../src/lib/i18n';
import { TEXT_LIMITS } from '../../src/lib/text-limits';
import { FormError, textLimit } from '../components/form';
import { Breadcrumb, PageTitle } from '../components/page';
import { Layout } from '../layout';
import { pick, type Ui } from '../ui';
import { MessageBox } from './parts';
import { TableScroll } from '../components/table';

function targetText(ui: Ui, target: RatingTarget): string {
  const name = pick(ui, target.nameZh, target.nameEn);
  return ui.t(target.kind === 'event' ? 'feedback.about.registration' : 'feedback.about.booking', { name, time: ui.fmt.dateTime(target.at) });
}

export interface RatingFormState {
  values: Record<string, string>;
  errors: Record<string, string>;
}

/** Five labelled radio buttons in a fieldset, and an optional comment. */
export function RatingPage({ ui, target, form }: { ui: Ui; target: RatingTarget; form: RatingFormState }) {
  const { t } = ui;
  const { values, errors } = form;
  const [field, id] = 'registrationId' in target.ref ? ['registration', target.ref.registrationId] : ['booking', target.ref.bookingId];
  return (
    <Layout ui={ui} title={t('rating.title')} narrow>
      <Breadcrumb ui={ui} trail={[{ href: '/me', label: t('nav.me') }]} current={t('rating.title')} />
      <PageTitle title={t('rating.title')} intro={targetText(ui, target)} />
      <form method="post" action="/me/ratings" class="rating-form" novalidate>
        <FormError message={errors._form} />
        <input type="hidden" name={field} value={String(id)} />
        <fieldset class="rating-scores" aria-invalid={errors.score ? 'true' : undefined} aria-describedby={errors.score ? 'f-score-error' : undefined}>
          <legend>{t('rating.legend')}</legend>
          {RATING_SCORES.map((s) => (
            <label for={`f-score-${s}`}>
              <input type="radio" id={`f-score-${s}`} name="score" value={String(s)} checked={values.score === String(s)} required />
              {t(`rating.score.${s}` as MessageKey)}
            </label>
          ))}
          {errors.score && (
            <small id="f-score-error" class="field-error">
              {errors.score}
            </small>
          )}
        </fieldset>
        <MessageBox name="comment" label={t('rating.comment')} value={values.comment} error={errors.comment} limit={textLimit(t, TEXT_LIMITS.ratingComment)} rows={4} optional />
        <button type="submit">{t('rating.submit')}</button>
      </form>
    </Layout>
  );
}

/** Why this cannot be rated (now, or again). */
export function RatingRefusedPage({ ui, message }: { ui: Ui; message: string }) {
  const { t } = ui;
  return (
    <Layout ui={ui} title={t('rating.title')} narrow>
      <PageTitle title={t('rating.title')} />
      <p class="callout" role="alert">
        {message}
      </p>
      <p>
        <a href="/me">{t('rating.back')}</a>
      </p>
    </Layout>
  );
}

function Average({ ui, average }: { ui: Ui; average: number | null }) {
  const text = formatAverage(average);
  return text === null ? <>{ui.t('satisfaction.noAverage')}</> : <strong>{text}</strong>;
}

function SubjectTable({ ui, rows, subject, caption, column }: { ui: Ui; rows: SatisfactionRow[]; subject: SatisfactionSubject; caption: string; column: MessageKey }) {
  const { t } = ui;
  const id = `sat-${subject}`;
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{caption}</h2>
      {rows.length === 0 ? (
        <p class="empty">{t('satisfaction.none')}</p>
      ) : (
        <TableScroll labelledBy={id}>
          <table class="striped">
            <thead>
              <tr>
                <th scope="col">{t(column)}</th>
                <th scope="col" class="num">
                  {t('satisfaction.col.average')}
                </th>
                <th scope="col" class="num">
                  {t('satisfaction.col.count')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <th scope="row">
                    <a href={`/admin/satisfaction/${subject}/${r.id}`}>{pick(ui, r.nameZh, r.nameEn)}</a>
                  </th>
                  <td class="num">
                    <Average ui={ui} average={r.average} />
                  </td>
                  <td class="num">{r.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}

export function SatisfactionPage({ ui, report }: { ui: Ui; report: SatisfactionReport }) {
  const { t } = ui;
  const stat = (label: string, part: { count: number; average: number | null }) => (
    <article class="stat">
      <p class="stat-value">{formatAverage(part.average) ?? t('satisfaction.noAverage')}</p>
      <p class="stat-label">
        {label} · {t('satisfaction.stat', { count: part.count })}
      </p>
    </article>
  );
  return (
    <Layout ui={ui} title={t('admin.satisfaction.title')}>
      <Breadcrumb ui={ui} trail={[{ href: '/admin', label: t('admin.title') }]} current={t('admin.satisfaction.title')} />
      <PageTitle title={t('admin.satisfaction.title')} intro={t('admin.satisfaction.intro')} />
      <div class="stat-grid">
        {stat(t('satisfaction.overall'), report.overall)}
        {stat(t('satisfaction.events'), report.events)}
        {stat(t('satisfaction.lounges'), report.lounges)}
      </div>
      <SubjectTable ui={ui} rows={report.byClub} subject="clubs" caption={t('satisfaction.byClub')} column="satisfaction.col.club" />
      <SubjectTable ui={ui} rows={report.byEvent} subject="events" caption={t('satisfaction.byEvent')} column="satisfaction.col.event" />
      <SubjectTable ui={ui} rows={report.byLounge} subject="lounges" caption={t('satisfaction.byLounge')} column="satisfaction.col.lounge" />
    </Layout>
  );
}

/** One club's, event's or lounge's ratings with their comments. */
export function SubjectRatingsPage({ ui, data }: { ui: Ui; data: SubjectRatings }) {
  const { t } = ui;
  const name = pick(ui, data.nameZh, data.nameEn);
  const average = formatAverage(data.average);
  return (
    <Layout ui={ui} title={`${name} · ${t('admin.satisfaction.title')}`}>
      <Breadcrumb ui={ui} trail={[{ href: '/admin', label: t('admin.title') }, { href: '/admin/satisfaction', label: t('admin.satisfaction.title') }]} current={name} />
      <PageTitle title={name} intro={`${average === null ? t('satisfaction.noAverage') : t('satisfaction.detailIntro', { average })} · ${t('satisfaction.stat', { count: data.count })}`} />
      {data.ratings.length === 0 ? (
        <p class="empty">{t('satisfaction.none')}</p>
      ) : (
        <TableScroll label={name}>
          <table class="striped card-table fb-table">
            <thead>
              <tr>
                <th scope="col">{t('satisfaction.col.score')}</th>
                <th scope="col">{t('satisfaction.col.comment')}</th>
                <th scope="col">{t('feedback.col.member')}</th>
                <th scope="col">{t('satisfaction.col.when')}</th>
              </tr>
            </thead>
            <tbody>
              {data.ratings.map((r) => (
                <tr>
                  <td data-label={t('satisfaction.col.score')}>{t('satisfaction.scoreOf', { score: r.score })}</td>
                  <td data-label={t('satisfaction.col.comment')} class="fb-body">
                    {r.comment ?? <small class="empty">{t('satisfaction.noComment')}</small>}
                    {data.subject === 'clubs' && r.eventZh !== null && r.eventEn !== null && (
                      <>
                        <br />
                        <small>{pick(ui, r.eventZh, r.eventEn)}</small>
                      </>
                    )}
                  </td>
                  <td data-label={t('feedback.col.member')}>{r.memberName}</td>
                  <td data-label={t('satisfaction.col.when')}>
                    <time datetime={ui.fmt.iso(r.createdAt)}>{ui.fmt.dateTime(r.createdAt)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </Layout>
  );
}
