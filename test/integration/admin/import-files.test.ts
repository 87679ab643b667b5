import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../helpers/context';
import { TestClient } from '../../helpers/client';
import { createUser } from '../../helpers/factories';
import { countsOf, snapshot, upload, uploadAndPreview } from './import-helpers';

let ctx: TestContext;
let admin: TestClient;
beforeEach(async () => {
  ctx = await createTestContext();
  const user = await createUser(ctx, { role: 'admin', name: '管理员' });
  admin = new TestClient(ctx);
  await admin.signIn(user.phone);
});
afterEach(() => ctx.close());

/** The body as sent, byte-order mark included (Response.text() drops it). */
const bodyWithBom = async (res: Response) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());

const rowOf = (html: string, line: number) => new RegExp(`<tr><th scope="row" class="num">${line}</th>(.*?)</tr>`).exec(html)?.[1] ?? '';

describe('the error report', () => {
  it('lists every row not imported with its reasons, in the admin’s language, safe to open in a spreadsheet', async () => {
    const csv = ['phone,name,tier,language', '13600000101,好人,gold,zh', '13600000101,重复,gold,zh', '=1+1,公式,gold,zh', '13600000102,"=HYPERLINK(""http://x"")",titanium,xx'].join('\n');
    const { id } = await uploadAndPreview(admin, csv);
    const zh = await admin.get(`/admin/import/${id}/errors.csv`);
    expect(zh.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(zh.headers.get('content-disposition')).toBe(`attachment; filename="import-${id}-errors.csv"`);
    expect(await bodyWithBom(zh)).toBe(
      '\uFEFF' +
        ['行号,手机号,姓名,等级,语言,原因', '3,13600000101,重复,gold,zh,与第 2 行手机号重复', "4,'=1+1,公式,gold,zh,不是11位手机号码", `5,13600000102,"'=HYPERLINK(""http://x"")",titanium,xx,无法识别的等级；无法识别的语言（请用 zh 或 en）`].join('\r\n') +
        '\r\n',
    );
    const en = await bodyWithBom(await admin.get(`/admin/import/${id}/errors.csv?lang=en`));
    expect(en.split('\r\n')[0]).toBe('\uFEFFLine,Phone,Name,Tier,Language,Reasons');
    expect(en.split('\r\n')[3]).toBe(`5,13600000102,"'=HYPERLINK(""http://x"")",titanium,xx,unknown tier; unknown language (use zh or en)`);
  });

  it('offers a template with the header row', async () => {
    const res = await admin.get('/admin/import/template.csv');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="members-template.csv"');
    expect(await bodyWithBom(res)).toBe('\uFEFF手机号,姓名,等级,语言\r\n');
  });
});

describe('malformed files', () => {
  const gbk = new Uint8Array([0xca, 0xd6, 0xbb, 0xfa, 0xba, 0xc5, 0x2c, 0x0a]); // "手机号," in GBK
  const cases: Array<[string, string | Uint8Array, { name?: string; type?: string }, string]> = [
    ['an unclosed quote', 'phone,name,tier\n13600000201,"张三,gold\n13600000202,李四,gold\n', {}, '无法按 CSV 读取文件'],
    ['a row with more columns than the header', 'phone,name,tier\n13600000201,张三,gold,zh,extra\n', {}, '无法按 CSV 读取文件（第 2 行附近）'],
    ['a missing column', 'phone,name\n13600000201,张三\n', {}, '缺少“等级”列。'],
    ['an unknown column', 'phone,name,tier,email\n13600000201,张三,gold,a@b.c\n', {}, '无法识别的列“email”。'],
    ['no header', '13600000201,张三,gold\n13600000202,李四,gold\n', {}, '第一行必须是表头'],
    ['an empty file', '', {}, '文件是空的。'],
    ['only blank lines and a byte-order mark', '\uFEFF\r\n\r\n', {}, '文件是空的。'],
    ['a header and no rows', 'phone,name,tier\r\n', {}, '文件只有表头，没有数据行。'],
    ['too many rows', `phone,name,tier\n${'13600000201,张三,gold\n'.repeat(20_001)}`, {}, '文件有 20001 行，一次最多导入 20000 行。'],
    ['an Excel workbook', 'PK\u0003\u0004', { name: 'members.xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }, '这不是 CSV 文件。'],
    ['an image', 'GIF89a', { name: 'photo.png', type: 'image/png' }, '这不是 CSV 文件。'],
    ['a GBK file', gbk, {}, '文件不是 UTF-8 编码。'],
  ];
  for (const [label, content, opts, message] of cases) {
    it(`refuses ${label} with 422, writing nothing`, async () => {
      const before = await snapshot(ctx);
      const res = await upload(admin, content, opts);
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain(message);
      expect(html).toContain('<form method="post" action="/admin/import" enctype="multipart/form-data"');
      expect(await snapshot(ctx)).toEqual(before);
      expect(before.batches).toBe(0);
    });
  }

  it('refuses a post without a file (422), urlencoded or multipart', async () => {
    const before = await snapshot(ctx);
    const plain = await admin.post('/admin/import', { file: 'phone,name,tier\n13600000201,张三,gold' });
    expect(plain.status).toBe(422);
    expect(await plain.text()).toContain('请选择要上传的 CSV 文件。');
    const empty = new FormData();
    empty.set('file', new File([], '', { type: 'application/octet-stream' }));
    expect((await admin.request('/admin/import', { method: 'POST', body: empty })).status).toBe(422);
    expect(await snapshot(ctx)).toEqual(before);
  });

  it('accepts CSV as Excel and other tools write it: BOM, CRLF, quotes, blank lines, any column order, English headers', async () => {
    const csv = '\uFEFFTier,Name,Phone\r\n"Gold","Zhang, San","+86 136-0000-0301"\r\n\r\n,,\r\n金卡,王五,１３６０００００３０２\r\n';
    const { html } = await uploadAndPreview(admin, csv, { name: 'C:\\Users\\admin\\会员.csv' });
    expect(countsOf(html)).toEqual({ create: 2, update: 0, unchanged: 0, error: 0 });
    expect(rowOf(html, 2)).toContain('<td>13600000301</td><td>Zhang, San</td><td>金卡</td><td>中文</td>');
    expect(rowOf(html, 5)).toContain('<td>13600000302</td><td>王五</td>');
    expect(html).toContain('会员.csv：共 2 行。');
    const excel = await upload(admin, 'phone,name,tier\n13600000303,赵六,silver', { name: 'list.csv', type: 'application/vnd.ms-excel' });
    expect(excel.status).toBe(303);
  });
});

describe('the upload page', () => {
  it('explains the format, offers the template and lists recent imports', async () => {
    await uploadAndPreview(admin, 'phone,name,tier\n13600000401,甲,gold\n12,乙,gold', { name: '十一月名单.csv' });
    const html = await (await admin.get('/admin/import')).text();
    expect(html).toContain('<input id="f-file" name="file" type="file" accept=".csv,text/csv"');
    expect(html).toContain('href="/admin/import/template.csv"');
    expect(html).toContain('十一月名单.csv');
    expect(html).toContain('<td class="num">1 / 0 / 0 / 1</td>');
    expect(html).toContain('待导入');
    expect(html).toContain('管理员');
    const en = await (await admin.get('/admin/import?lang=en')).text();
    expect(en).toContain('<h1>Import members</h1>');
    expect(en).toContain('Not imported yet');
    expect(en).toContain('<li><code>gold</code> · <span lang="zh-CN">金卡</span> · <span lang="en">Gold</span></li>');
    // no Chinese in the English page but what is marked as Chinese (examples, tier names) and what people typed
    const visible = en
      .replace(/<head>[\s\S]*?<\/head>/, '')
      .replace(/<(\w+) [^>]*\blang="zh-CN"[^>]*>[^<]*<\/\1>/g, '')
      .replace(/<[^>]+>/g, ' ')
      .replaceAll('十一月名单.csv', '')
      .replaceAll('管理员', '');
    expect(visible).not.toMatch(/[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]/);
  });
});
