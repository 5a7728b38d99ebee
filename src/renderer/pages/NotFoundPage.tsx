import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <PageHeader title={t('notFound.title')} />
      <EmptyState title={t('notFound.body')}>
        <Link to="/" className="button">
          {t('notFound.home')}
        </Link>
      </EmptyState>
    </div>
  );
}
