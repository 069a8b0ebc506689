import { sql, type SQL } from 'drizzle-orm';
import { CURRENCIES, type CurrencyCode } from '@lending/kernel';
import { ContactChannel } from '../vocabulary.js';

/**
 * Message templates, versioned: a message records the template and version
 * it was rendered from. Placeholders are `{name}`; bodies never carry
 * contact data. LOCATION_REQUEST goes to a third party and must never
 * mention a debt (a test reads every language of it).
 */
export const Template = {
  PAYMENT_REMINDER: 'PAYMENT_REMINDER',
  OVERDUE_NOTICE: 'OVERDUE_NOTICE',
  OVERDUE_REMINDER: 'OVERDUE_REMINDER',
  FORMAL_NOTICE: 'FORMAL_NOTICE',
  PRE_LEGAL_NOTICE: 'PRE_LEGAL_NOTICE',
  LOCATION_REQUEST: 'LOCATION_REQUEST',
} as const;
export type Template = (typeof Template)[keyof typeof Template];

export type Language = 'zh-CN' | 'en-US';

interface TemplateSpec {
  readonly version: number;
  readonly channels: readonly ContactChannel[];
  /** Whether it may go to someone other than the borrower. */
  readonly thirdParty: boolean;
  readonly text: Readonly<Record<Language, string>>;
}

export const TEMPLATES: Readonly<Record<Template, TemplateSpec>> = {
  PAYMENT_REMINDER: {
    version: 1,
    channels: [ContactChannel.PUSH, ContactChannel.SMS],
    thirdParty: false,
    text: {
      'zh-CN': '温馨提示：您有一期 {amount} {currency} 的还款将于 {dueDate} 到期。',
      'en-US': 'Reminder: your instalment of {amount} {currency} is due on {dueDate}.',
    },
  },
  OVERDUE_NOTICE: {
    version: 1,
    channels: [ContactChannel.SMS],
    thirdParty: false,
    text: {
      'zh-CN': '您的还款 {amount} {currency} 已逾期。请在应用中还款，或联系我们了解还款计划。',
      'en-US':
        'Your payment of {amount} {currency} is overdue. Pay in the app, or contact us about a payment plan.',
    },
  },
  OVERDUE_REMINDER: {
    version: 1,
    channels: [ContactChannel.PUSH],
    thirdParty: false,
    text: {
      'zh-CN': '您有 {amount} {currency} 逾期未还。如有困难，我们可以提供帮助。',
      'en-US': 'You have {amount} {currency} overdue. If you are struggling, we can help.',
    },
  },
  FORMAL_NOTICE: {
    version: 1,
    channels: [ContactChannel.LETTER],
    thirdParty: false,
    text: {
      'zh-CN':
        '正式通知：您的借款已逾期 {daysPastDue} 天，逾期金额 {amount} {currency}。如您经济困难，可申请困难还款计划（延长期限、减免罚息）。',
      'en-US':
        'Formal notice: your loan is {daysPastDue} days past due, with {amount} {currency} overdue. If you are in financial difficulty you can ask for a hardship plan (a longer term, penalties waived).',
    },
  },
  PRE_LEGAL_NOTICE: {
    version: 1,
    channels: [ContactChannel.LETTER],
    thirdParty: false,
    text: {
      'zh-CN':
        '通知：您的借款已逾期 {daysPastDue} 天，逾期金额 {amount} {currency}。如仍未还款或联系我们，此事可能转交法律程序。',
      'en-US':
        'Notice: your loan is {daysPastDue} days past due, with {amount} {currency} overdue. Unless you pay or contact us, the matter may be referred for legal action.',
    },
  },
  LOCATION_REQUEST: {
    version: 1,
    channels: [ContactChannel.CALL, ContactChannel.SMS],
    thirdParty: true,
    text: {
      'zh-CN': '您好，我们正在设法联系 {borrowerName}。如方便，请转告其回电，谢谢。',
      'en-US':
        'Hello, we are trying to reach {borrowerName}. If you can, please ask them to call us back. Thank you.',
    },
  },
};

export type TemplateVariables = Readonly<Record<string, string>>;

/** The message a template renders to, in TypeScript. */
export function render(template: Template, language: Language, vars: TemplateVariables): string {
  return TEMPLATES[template].text[language].replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = vars[name];
    if (value === undefined) throw new Error(`template ${template} needs {${name}}`);
    return value;
  });
}

/** The same rendering inside a set-based statement: the language and each variable are SQL expressions. */
export function renderSql(
  template: Template,
  language: SQL,
  vars: Readonly<Record<string, SQL>>,
): SQL {
  const arms = (Object.entries(TEMPLATES[template].text) as [Language, string][]).map(
    ([lang, text]) => {
      const parts = text.split(/\{(\w+)\}/);
      const pieces = parts.map((part, i) => {
        if (i % 2 === 0) return sql`${part}::text`;
        const value = vars[part];
        if (!value) throw new Error(`template ${template} needs {${part}}`);
        return sql`(${value})::text`;
      });
      return sql`when ${lang} then concat(${sql.join(pieces, sql`, `)})`;
    },
  );
  return sql`(case ${language} ${sql.join(arms, sql` `)} end)`;
}

/** Money.format in SQL: minor units of `currency` as a decimal string (non-negative amounts). */
export function formatMinorSql(minor: SQL, currency: SQL): SQL {
  const byExponent = new Map<number, CurrencyCode[]>();
  for (const [code, exponent] of Object.entries(CURRENCIES) as [CurrencyCode, number][]) {
    byExponent.set(exponent, [...(byExponent.get(exponent) ?? []), code]);
  }
  const arms = [...byExponent].map(([exponent, codes]) => {
    const list = sql.join(
      codes.map((c) => sql`${c}`),
      sql`, `,
    );
    if (exponent === 0) return sql`when ${currency} in (${list}) then (${minor})::text`;
    const scale = 10n ** BigInt(exponent);
    return sql`when ${currency} in (${list}) then ((${minor}) / ${scale}::bigint)::text || '.' || lpad(((${minor}) % ${scale}::bigint)::text, ${exponent}, '0')`;
  });
  return sql`(case ${sql.join(arms, sql` `)} end)`;
}
