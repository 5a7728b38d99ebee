import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/PageHeader';
import { HealthCard } from '../components/health/HealthCard';

export function HomePage() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <PageHeader title={t('home.title')} subtitle={t('home.subtitle')} />
      <HealthCard />
    </div>
  );
}
