import type { Translation } from './types.ts';

const zhCN: Translation = {
  $code: 'zh-CN',
  pay: (amount) => `支付 ${amount}`,
  loading: '正在加载…',
  processing: '正在处理…',
  saveCard: '保存我的卡以便将来付款',
  saveCardHint: '由我们的支付服务商保管，本店从不保存。',
  payWith: '付款方式',
  newCard: '新卡',
  quantity: '数量',
  retry: '重试',
  completed: '付款成功，谢谢！',
  errors: {
    session_paid: '此笔款项已支付。',
    attempt_in_progress: '已有一笔付款正在处理中，请稍候查看结果。',
    session_expired: '此付款链接已过期。',
    not_found: '找不到此付款。',
    network: '无法连接付款服务器。',
    origin_not_allowed: '此页面无法付款。',
    rate_limited: '尝试次数过多，请稍后再试。',
    payment_declined: '付款被拒绝，请换一张卡。',
    server: '无法开始付款，请重试。',
  },
};
export default zhCN;
