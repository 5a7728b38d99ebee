import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** "Containers · Tinyforge", in the current language. */
export function useDocumentTitle(page: string | null): void {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = page ? t('app.titleWithPage', { page }) : t('app.name');
  }, [page, t]);
}
