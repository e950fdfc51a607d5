import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '../../shared/domain/locale';
import { en } from './en';
import { ko } from './ko';

/** One i18next instance for the desk; Korean first (KR is the default profile). */
export function createI18n(locale: Locale = 'ko'): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources: { ko: { translation: ko }, en: { translation: en } },
    lng: locale,
    fallbackLng: 'ko',
    interpolation: { escapeValue: false }, // React escapes
    initImmediate: false,
    returnNull: false,
  });
  return instance;
}
