import type { PageTexts } from './types.ts';

export const zh: PageTexts = {
  lang: 'zh-CN',
  title: '支付',
  merchant: '商户',
  orderReference: '订单号',
  totalAmount: '总金额',
  labels: { CARDNO: '卡号', ED: '有效期', CVC: '安全码 (CVC)', CN: '持卡人姓名' },
  hints: {
    CARDNO: '卡片正面的长号码',
    ED: '月份和年份，格式为 MM/YY',
    CVC: '卡背面的 3 位数字，American Express 为正面的 4 位数字',
  },
  pay: '支付',
  cancel: '取消',
  errorSummary: '无法完成支付',
  refused: '您的支付已被拒绝',
  tryAgain: (tries) => `您可以换一张卡重试，或取消支付（还剩 ${tries} 次机会）。`,
  saveCardLegend: '保存您的卡',
  saveCardLabel: (merchant) => `保存我的卡信息，用于以后在 ${merchant} 的支付`,
  savedCard: (brand, cardNo, expiry) => `已保存的卡：${brand} ${cardNo}，有效期至 ${expiry}。保持卡号不变即可用它支付。`,
  flex: {
    title: '保存您的银行卡',
    intro: (merchant) => `您的银行卡将被安全保存，用于您今后在 ${merchant} 的付款。现在不会扣款。`,
    save: '保存银行卡',
    errorSummary: '无法保存银行卡',
  },
};
