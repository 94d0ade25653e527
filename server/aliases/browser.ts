/**
 * The shopper's browser data for 3-D Secure (DirectLink 3-D: HTTP_ACCEPT, HTTP_USER_AGENT and
 * the 3DS 2 BROWSER* fields, docs/ogone-protocol.md §12). The widget sends what it can read; the
 * request headers fill the rest. The BROWSER* group is sent only when complete and valid (the
 * DirectLink client's schema), since a wrong value would make the platform refuse the whole order.
 */
import type { z } from 'zod';
import type { browserInfoSchema } from '../../shared/schemas/api.ts';
import { BROWSER_COLOR_DEPTHS } from '../directlink/requests.ts';

type BrowserInfo = z.output<typeof browserInfoSchema>;

/** EMVCo 3DS 2 "Browser Screen Color Depth" values, as the DirectLink request schema takes them (§12). */
type ColorDepth = (typeof BROWSER_COLOR_DEPTHS)[number];

export interface ThreeDSecureData {
  window: 'MAINW';
  httpAccept: string;
  httpUserAgent: string;
  browser?: {
    acceptHeader: string;
    userAgent: string;
    colorDepth: ColorDepth;
    javaEnabled: boolean;
    javascriptEnabled: boolean;
    language: string;
    screenHeight: number;
    screenWidth: number;
    timezoneOffset: number;
  };
}

/**
 * The largest EMVCo colour depth not above what the browser reported (screen.colorDepth): a
 * 30-bit (10 bits a channel) screen sends 24, never a value the ACS would refuse.
 */
export function colorDepth(value: number): ColorDepth {
  let best: ColorDepth = 1;
  for (const depth of BROWSER_COLOR_DEPTHS) if (depth <= value) best = depth;
  return best;
}

export function threeDSecureData(info: BrowserInfo | undefined, headers: Headers): ThreeDSecureData {
  const httpAccept = (info?.acceptHeader ?? headers.get('accept') ?? '').slice(0, 2048) || '*/*';
  const httpUserAgent = (info?.userAgent ?? headers.get('user-agent') ?? '').slice(0, 2048) || 'unknown';
  const data: ThreeDSecureData = { window: 'MAINW', httpAccept, httpUserAgent };
  const language = info?.language ?? headers.get('accept-language')?.split(',')[0]?.split(';')[0]?.trim();
  if (
    info &&
    info.colorDepth !== undefined &&
    info.screenHeight !== undefined &&
    info.screenWidth !== undefined &&
    info.timezoneOffset !== undefined &&
    info.timezoneOffset >= -840 &&
    info.timezoneOffset <= 720 &&
    language &&
    language.length <= 8 &&
    /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(language) &&
    info.screenHeight <= 999_999 &&
    info.screenWidth <= 999_999
  ) {
    data.browser = {
      acceptHeader: httpAccept,
      userAgent: httpUserAgent,
      colorDepth: colorDepth(info.colorDepth),
      javaEnabled: info.javaEnabled ?? false,
      // The widget runs script: the request itself proves it.
      javascriptEnabled: true,
      language,
      screenHeight: info.screenHeight,
      screenWidth: info.screenWidth,
      timezoneOffset: info.timezoneOffset,
    };
  }
  return data;
}

/**
 * REMOTE_ADDR: the shopper's IP as this server sees it (DirectLink guide §3.1.2, used by the fraud
 * module and 3-D Secure 2 risk checks, docs/ogone-protocol.md §12). An address the platform's
 * format cannot carry (an IPv6 zone) is left out rather than refusing the payment.
 */
export function remoteAddress(address: string | undefined): { remoteAddr?: string } {
  const ip = address?.replace(/%.*$/, '').trim();
  return ip && /^[0-9A-Fa-f:.]{2,45}$/.test(ip) ? { remoteAddr: ip } : {};
}
