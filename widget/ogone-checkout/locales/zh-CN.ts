import type { Translation } from './types.ts';

const zhCN: Translation = {
  pay: (amount) => `支付 ${amount}`,
  processing: '正在处理…',
  saveCard: '保存卡片',
  saveCardHint: '仅由支付服务商保管',
  chooseCard: '请选择一张卡',
  newCard: '使用其他卡',
  expires: '有效期至',
  forget: '删除',
  forgetAsk: '删除？',
  yes: '是',
  no: '否',
  quantity: '数量',
  retry: '重试',
  completed: '付款成功',
  setupHint: '现在不会扣款',
  saved: '卡片已保存',
  errors: {
    session_paid: '已支付',
    attempt_in_progress: '已有一笔付款正在处理中',
    session_expired: '链接已过期',
    not_found: '找不到此付款',
    network: '无法连接付款服务器',
    origin_not_allowed: '此页面无法付款',
    rate_limited: '尝试次数过多',
    payment_declined: '付款被拒绝',
    server: '出错了',
  },
};
export default zhCN;
